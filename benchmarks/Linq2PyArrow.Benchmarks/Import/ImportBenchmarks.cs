using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Benchmarks.Import;

/// <summary>
/// The cost of bringing one six-column batch across, by batch size: __arrow_c_array__ (capsule export, GIL
/// held) → ArrowImporter.ImportBatch with the reader's schema cache (validation + zero-copy import) → Dispose
/// (release callback). The batch is built once in Python. Target: per-batch cost within 2× from 1K to 1M rows.
/// ExportRelease (export, then release the structs unimported) is Python's share; the difference is ours.
/// </summary>
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private const int Batches = 16;
    private PyObject _batch = null!;
    private readonly SchemaCache _schemas = new();

    public static IEnumerable<int> Sizes => BenchData.Smoke ? [1024, 8192] : [1024, 65536, 1024 * 1024];

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = PythonSide.Eval($"batches({Rows}, {Rows})[0]");
        Kernels.Check(ImportOne() == Rows, "imported length");
    }

    [GlobalCleanup]
    public void Cleanup() => PythonSide.Dispose(_batch);

    /// <summary>Python's share: export one batch and release it unimported (average over a loop of 16).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batches)]
    public unsafe int ExportRelease()
    {
        using var gil = Gil.Acquire();
        for (var i = 0; i < Batches; i++)
        {
            var exported = CapsuleProtocol.ExportBatch(_batch);
            Apache.Arrow.C.CArrowArray.Free(exported.Array);
            Apache.Arrow.C.CArrowSchema.Free(exported.Schema);
        }
        return Batches;
    }

    /// <summary>Export, import and release one batch (average over a loop of 16).</summary>
    [Benchmark(OperationsPerInvoke = Batches)]
    public int ExportImportRelease()
    {
        var total = 0;
        for (var i = 0; i < Batches; i++) total += ImportOne();
        return total;
    }

    private unsafe int ImportOne()
    {
        ImportedBatch imported;
        using (Gil.Acquire())
        {
            var exported = CapsuleProtocol.ExportBatch(_batch);
            imported = ArrowImporter.ImportBatch(exported.Schema, exported.Array, _schemas);
        }
        using (imported) return imported.Length;
    }
}
