using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;

namespace Linq2PyArrow.Benchmarks.Scale;

/// <summary>
/// A CPU-bound pure-Python source (arithmetic per row, the GIL held throughout), 8 partitions: in-process, its
/// partitions serialize on the GIL whatever MaxDegreeOfParallelism says; on a local Dask cluster of two worker
/// processes ("local:2") they run on both cores. Goal on 2 cores: InProcess / LocalCluster ≥ 1.7.
/// </summary>
public class CpuBoundBenchmarks
{
    private const int Partitions = 8;
    private IQueryable<CpuRow> _inProcess = null!, _local = null!;
    private long _expected;

    private static int RowsPerPartition => BenchData.Smoke ? 100 : 10_000;
    private static int Work => BenchData.Smoke ? 2 : 300;

    [GlobalSetup]
    public void Setup()
    {
        var options = new Dictionary<string, string> { ["partitions"] = $"{Partitions}", ["rows"] = $"{RowsPerPartition}", ["work"] = $"{Work}" };
        _inProcess = PythonSource.Open<CpuRow>(BenchData.Module, "CpuBound", options);
        _local = PythonSource.Open<CpuRow>(BenchData.Module, "CpuBound", options, DaskBench.Settings());
        _expected = InProcess();
        Kernels.Check(!DaskBench.Available || LocalCluster() == _expected, "sum of values");
    }

    [Benchmark(Baseline = true)]
    public long InProcess() => _inProcess.Sum(r => r.Value);

    [Benchmark]
    public long LocalCluster() => DaskBench.Available ? _local.Sum(r => r.Value) : _expected;
}

public sealed record CpuRow(long Id, long Value);
