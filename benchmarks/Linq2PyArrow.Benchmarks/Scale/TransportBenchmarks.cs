using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;

namespace Linq2PyArrow.Benchmarks.Scale;

/// <summary>
/// The cost of the Dask transport for a cheap source (prebuilt batches, so Python does almost nothing either way):
/// 1M five-column rows in 64K-row batches, one partition, in-process (C Data Interface, zero-copy) against a local
/// Dask cluster on loopback (IPC encoded on the worker, sent over TCP, read in place). ToList builds typed rows, as
/// most queries do; Checksum reads every value of every column through the columnar API, so the transport is
/// nearly all that is left. Goal: Dask / in-process ≤ 3 for the cheap source.
/// </summary>
public class TransportBenchmarks
{
    private IQueryable<Row> _inProcess = null!, _dask = null!;

    private static int Rows => BenchData.Smoke ? 5_000 : 1024 * 1024;

    [GlobalSetup]
    public void Setup()
    {
        var options = BenchData.Options(Rows, BenchData.Smoke ? 1024 : 65536);
        _inProcess = PythonSource.Open<Row>(BenchData.Module, "Repeated", options);
        _dask = PythonSource.Open<Row>(BenchData.Module, "Repeated", options, DaskBench.Settings());
        Kernels.Check(InProcessToList() == Rows && DaskToList() == Rows, "row count");
        Kernels.Check(!DaskBench.Available || Checksum(_inProcess) == Checksum(_dask), "checksum");
    }

    [Benchmark(Baseline = true)]
    public int InProcessToList() => _inProcess.ToList().Count;

    [Benchmark]
    public int DaskToList() => DaskBench.Available ? _dask.ToList().Count : Rows;

    [Benchmark]
    public long InProcessChecksum() => Checksum(_inProcess);

    [Benchmark]
    public long DaskChecksum() => DaskBench.Available ? Checksum(_dask) : 0;

    /// <summary>Every value of every column folded into one number (strings by length), without row objects.</summary>
    private static long Checksum(IQueryable<Row> query) => query.AggregateBatches(0L, (sum, batch) =>
    {
        var ids = batch.Values<long>("id");
        var scores = batch.Values<double>("score");
        var stamps = batch.Values<long>("ts");
        var flags = batch.Booleans("flag");
        var names = batch.Strings("name");
        for (var i = 0; i < batch.ColumnLength; i++)
            sum += ids[i] + (long)scores[i] + stamps[i] + (flags[i] ? 1 : 0) + names.GetBytes(i).Length;
        return sum;
    });
}
