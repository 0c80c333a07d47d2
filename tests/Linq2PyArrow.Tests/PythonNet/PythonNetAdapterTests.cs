using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.PythonNet;

/// <summary>
/// Linq2PyArrow.PythonNet over objects a Python.NET application created: PythonNetSource.Open and GetSchema on a data
/// source instance (with and without the GIL held, after the host disposed its PyObject), FromArrow on a table, a
/// record batch and a one-shot stream that only speaks __arrow_c_stream__, and the errors for objects that are
/// neither. In the Python.NET host (tests/Linq2PyArrow.PythonNetHost), on every Python 3.11+ here, in both orders.
/// </summary>
[Trait("Category", "PythonNet")]
public sealed class PythonNetAdapterTests(ITestOutputHelper output)
{
    public static TheoryData<string> Libraries => PythonNetHost.Libraries();

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_adapter_queries_objects_Python_NET_holds(string library)
    {
        if (PythonNetHost.Skipped(output, library)) return;
        var result = PythonNetHost.Run(output, library, library, "adapter");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Expected, result.Lines);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_adapter_works_when_Linq2PyArrow_started_Python_first(string library)
    {
        if (PythonNetHost.Skipped(output, library)) return;
        var result = PythonNetHost.Run(output, library, library, "adapter", "linq2pyarrow-first");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Expected, result.Lines);
    }

    private static readonly string[] Expected =
    [
        "schema: n: int64, square: int64",
        $"Open: {PythonNetHost.Results}",
        "Open, pushdown: 998900385", // sum of n² for n = 9990 .. 9999
        $"Open inside Py.GIL(): {PythonNetHost.Results}",
        $"Open after the host disposed its PyObject: {PythonNetHost.Results}",
        "FromArrow table: 499500 143 1000 998001",
        "FromArrow record batch: 45 10",
        "FromArrow stream, first query: 499500",
        "FromArrow stream, second query: PythonDataSourceException: Python data source 'pnet_numbers.StreamOnly' failed in read_partition " +
        "(partition 0, spec {}): linq2pyarrow.arrow.errors.ArrowInvalid: this RecordBatchReader was already exported or closed",
        "FromArrow int: ArgumentException: 'int' is not Arrow data that can be queried: it implements neither __arrow_c_stream__ nor " +
        "__arrow_c_array__ (Arrow PyCapsule protocol: pyarrow, polars, duckdb, nanoarrow and linq2pyarrow.arrow tables, readers and " +
        "record batches do). (Parameter 'data')",
        "Open dict: PythonDataSourceException: Python data source 'dict' failed in open: class 'dict' does not implement the data " +
        "source protocol: it has no method infer_schema(options); it has no method plan_partitions(options); it has no method " +
        "read_partition(partition_spec, options). See linq2pyarrow.protocol.Source for the three methods and their arguments.",
        "done",
    ];
}
