using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>A batch without columns (a source whose schema has none, or one that ignores the columns hint) still has rows.</summary>
[Collection(ExclusiveCollection.Name)] // reads the producer's process-wide export counter
public sealed class ZeroColumnBatchTests
{
    [Fact]
    public unsafe void A_batch_without_columns_imports_with_its_length_and_is_released_once()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec(
            "import linq_sources\nfrom linq2pyarrow.arrow import _cdata\n" +
            "b = next(linq_sources.batches(linq_sources.partition_rows({'sizes': '3'}, 0), {'batch': '3'}, []))\n" +
            "before = _cdata.live_exports()\n");
        using var value = PyCode.Eval("b", globals);
        var exported = CapsuleProtocol.ExportBatch(value);
        var batch = ArrowImporter.ImportBatch(exported.Schema, exported.Array);
        Assert.Equal(3, batch.Length);
        Assert.Equal(0, batch.Batch.ColumnCount);
        batch.Dispose();
        using var leaked = PyCode.Eval("_cdata.live_exports() - before", globals);
        Assert.Equal(0L, PyConvert.FromPython(leaked));
    }

    [Fact]
    public void Count_over_batches_without_columns()
    {
        var source = PythonSource.Open<StrictPruningTests.Empty>("linq_sources", "NoColumns", new Dictionary<string, string> { ["sizes"] = "6,0,9,3" });
        Assert.Equal(18, source.Count());
    }
}
