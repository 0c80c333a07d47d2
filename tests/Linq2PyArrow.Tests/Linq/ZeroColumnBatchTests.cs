using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>Count with no predicate asks for columns=[]: the batches that come back have rows but no columns.</summary>
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
        var tag = LinqSources.NewTag();
        Assert.Equal(18, LinqSources.Recording(tag).Count());
        Assert.All(LinqSources.Reads(tag), read => Assert.EndsWith("columns=[] filters=None limit=None", read));
    }
}
