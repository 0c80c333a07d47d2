using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;

namespace Linq2PyArrow.Benchmarks.Parallel;

/// <summary>
/// Eight partitions whose reads sleep before each batch (time.sleep releases the GIL, like I/O or a C call):
/// MaxDegreeOfParallelism = 8 against 1. The ideal ratio is 1/8 = 0.125. With the default settings (Ordered,
/// ReadAheadBatches = 2) a partition that is not being consumed stops after two batches, so the ordered variant
/// cannot reach the ideal; the unordered one shows the overlap the workers themselves achieve.
/// </summary>
[MemoryDiagnoser]
public class ParallelBenchmarks
{
    private const int Partitions = 8;
    private IQueryable<Row> _serial = null!, _parallel = null!, _unordered = null!;

    private static int SleepMs => BenchData.Smoke ? 5 : 50;
    private static int BatchesPerPartition => BenchData.Smoke ? 2 : 4;

    [GlobalSetup]
    public void Setup()
    {
        var options = new Dictionary<string, string>
        {
            ["partitions"] = $"{Partitions}", ["sleep_ms"] = $"{SleepMs}", ["batches"] = $"{BatchesPerPartition}",
        };
        _serial = PythonSource.Open<Row>(BenchData.Module, "Sleepy", options, new PythonSourceSettings { MaxDegreeOfParallelism = 1 });
        _parallel = PythonSource.Open<Row>(BenchData.Module, "Sleepy", options, new PythonSourceSettings { MaxDegreeOfParallelism = Partitions });
        _unordered = PythonSource.Open<Row>(BenchData.Module, "Sleepy", options,
            new PythonSourceSettings { MaxDegreeOfParallelism = Partitions, Ordered = false });
        var expected = Partitions * BatchesPerPartition * 1024;
        Kernels.Check(OnePartitionAtATime() == expected && EightAtATime() == expected && EightAtATimeUnordered() == expected, "row count");
    }

    [Benchmark(Baseline = true)]
    public int OnePartitionAtATime() => _serial.Count();

    [Benchmark]
    public int EightAtATime() => _parallel.Count();

    [Benchmark]
    public int EightAtATimeUnordered() => _unordered.Count();
}
