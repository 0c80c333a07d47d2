using Linq2PyArrow.Linq;
using Linq2PyArrow.Materialization.Readers;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Tests.Arrow;

/// <summary>.NET reads the very memory Python allocated: the addresses Python reports are the ones .NET reads.</summary>
public sealed unsafe class ZeroCopyTests
{
    [Fact]
    public void Spans_of_the_columnar_api_point_at_the_python_buffers()
    {
        var query = PythonSource.Open<object>("arrow_memory", "ZeroCopy");
        var checkedBatches = query.AggregateBatches(0, (count, batch) =>
        {
            var values = batch.Values<long>("v");
            var doubles = batch.Values<double>("d");
            Assert.Equal(batch.Values<long>("v_addr")[0], (long)Address(values));
            Assert.Equal(batch.Values<long>("d_addr")[0], (long)Address(doubles));
            Assert.Equal(999, values[999]);
            Assert.Equal(499.5, doubles[999]);
            return count + 1;
        });
        Assert.Equal(1, checkedBatches);
    }

    [Fact]
    public void Row_readers_read_the_python_buffers_in_place()
    {
        var source = DataSource.Open("arrow_memory", "ZeroCopy", null, []);
        using var scan = ParallelScan.Start(source, new ScanRequest(["v", "v_addr"], null, null), PythonSourceSettings.Default, default);
        using var batch = scan.Read(default)!;
        var address = BufferPointer.Of(batch.Column(0).Data.Buffers[1]);
        var reported = ((Apache.Arrow.Int64Array)batch.Column(1)).GetValue(0);
        Assert.Equal(reported, (long)address);
        Assert.Null(scan.Read(default));
    }

    private static nint Address<T>(ReadOnlySpan<T> span) where T : unmanaged
    {
        fixed (T* pointer = span) return (nint)pointer;
    }
}
