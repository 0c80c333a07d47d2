using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Benchmarks.Import;

/// <summary>
/// Reading one five-column batch into .NET two ways: through the C Data Interface (what in-process partitions do:
/// export, validate, import zero-copy, release) and from Arrow IPC stream bytes held by Python (what Dask
/// partitions do: Apache.Arrow's stream reader over the bytes in place, then release). The IPC bytes are written
/// once by linq2pyarrow.arrow.ipc; only reading is measured. Rows per second = Rows / mean.
/// </summary>
[MemoryDiagnoser]
public class IpcImportBenchmarks
{
    private PyObject _batch = null!, _ipc = null!;
    private readonly SchemaCache _schemas = new();

    public static IEnumerable<int> Sizes => BenchData.Smoke ? [1024] : [1024, 65536, 1024 * 1024];

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = PythonSide.Eval($"batches({Rows}, {Rows})[0]");
        _ipc = PythonSide.Eval($"__import__('linq2pyarrow.arrow.ipc').arrow.ipc.serialize_stream([batches({Rows}, {Rows})[0]], SCHEMA)");
        Kernels.Check(CDataImport() == Rows && IpcImport() == Rows, "imported length");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        PythonSide.Dispose(_batch);
        PythonSide.Dispose(_ipc);
    }

    [Benchmark(Baseline = true)]
    public unsafe int CDataImport()
    {
        ImportedBatch imported;
        using (Gil.Acquire())
        {
            var exported = CapsuleProtocol.ExportBatch(_batch);
            imported = ArrowImporter.ImportBatch(exported.Schema, exported.Array, _schemas);
        }
        using (imported) return imported.Length;
    }

    [Benchmark]
    public int IpcImport()
    {
        IpcChunk chunk;
        using (Gil.Acquire()) chunk = IpcChunk.FromBytes(PyObject.Borrow(_ipc.Handle));
        var rows = 0;
        foreach (var batch in chunk.ReadBatches())
        {
            using (batch) rows += batch.Length;
        }
        return rows;
    }
}
