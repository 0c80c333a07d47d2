using Apache.Arrow;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Arrow;

/// <summary>A scan imports only the columns its query needs; the others stay unread placeholders.</summary>
[Collection(ExclusiveCollection.Name)] // reads the producer's process-wide export counter
public sealed class SelectiveImportTests
{
    [Fact]
    public unsafe void Only_the_selected_columns_are_imported_and_the_whole_batch_is_released_once()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec(
            "from linq2pyarrow import arrow as pa\nfrom linq2pyarrow.arrow import _cdata\n" +
            "b = pa.RecordBatch.from_pydict({'a': [1, 2, 3], 'b': ['x', 'y', 'z'], 'c': [1.5, 2.5, None]})\n" +
            "before = _cdata.live_exports()\n");
        using var value = PyCode.Eval("b", globals);
        var exported = CapsuleProtocol.ExportBatch(value);
        Schema? seen = null;
        var batch = ArrowImporter.ImportBatch(exported.Schema, exported.Array, columns: schema =>
        {
            seen = schema;
            return [true, false, true];
        });

        Assert.Equal(["a", "b", "c"], seen!.FieldsList.Select(f => f.Name));
        Assert.Equal(3, batch.Length);
        Assert.Equal([1L, 2L, 3L], ((Int64Array)batch.Batch.Column(0)).Values.ToArray());
        Assert.IsType<NullArray>(batch.Batch.Column(1));
        Assert.Equal(3, batch.Batch.Column(1).Length);
        var c = (DoubleArray)batch.Batch.Column(2);
        Assert.Equal([1.5, 2.5, null], Enumerable.Range(0, 3).Select(c.GetValue));
        batch.Dispose();
        using var leaked = PyCode.Eval("_cdata.live_exports() - before", globals);
        Assert.Equal(0L, PyConvert.FromPython(leaked));
    }

    [Fact]
    public void A_query_over_some_columns_reads_the_same_values_as_one_over_all()
    {
        var query = PythonSource.Open<Sources.EndToEndTests.Row>("l2pa_test_sources", "SleepyRows",
            new Dictionary<string, string> { ["partitions"] = "2", ["rows"] = "40", ["batch"] = "7", ["sleep_ms"] = "0" });
        var all = query.ToList(); // every column imported
        Assert.Equal(80, all.Count); // 2 partitions × 40 rows
        Assert.Equal(all.Select(r => r.Id).Order(), query.Select(r => r.Id).ToList().Order());
        Assert.Equal(all.Select(r => (r.Name, r.Flag)).Order(), query.Select(r => new { r.Name, r.Flag }).AsEnumerable().Select(r => (r.Name, r.Flag)).Order());
        Assert.Equal(all.Sum(r => r.Id), query.Sum(r => r.Id));
    }
}
