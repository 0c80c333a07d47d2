using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;

namespace Linq2PyArrow.Benchmarks.Parallel;

/// <summary>
/// Eight partitions of ten small batches whose reads sleep 50 ms before each batch (time.sleep releases the GIL,
/// like I/O or a C call). OnePartitionAtATime (MaxDegreeOfParallelism = 1, the baseline) reads them one after
/// another; EightAtATime with the default settings (ordered: rows in partition order) and EightAtATimeUnordered
/// read eight at once; OnePartitionAlone reads a source with just one such partition. Target: EightAtATime within
/// 1.5× OnePartitionAlone, i.e. partitions the consumer has not reached yet keep reading within the read-ahead
/// budget (PythonSourceSettings.ReadAheadBytes) instead of stopping after ReadAheadBatches.
/// </summary>
[MemoryDiagnoser]
public class ParallelBenchmarks
{
    private const int Partitions = 8;
    private IQueryable<Row> _serial = null!, _parallel = null!, _unordered = null!, _alone = null!;

    private static int SleepMs => BenchData.Smoke ? 5 : 50;
    private static int BatchesPerPartition => BenchData.Smoke ? 2 : 10;

    [GlobalSetup]
    public void Setup()
    {
        Dictionary<string, string> Options(int partitions) => new()
        {
            ["partitions"] = $"{partitions}", ["sleep_ms"] = $"{SleepMs}", ["batches"] = $"{BatchesPerPartition}",
        };
        _serial = PythonSource.Open<Row>(BenchData.Module, "Sleepy", Options(Partitions), new PythonSourceSettings { MaxDegreeOfParallelism = 1 });
        _parallel = PythonSource.Open<Row>(BenchData.Module, "Sleepy", Options(Partitions), new PythonSourceSettings { MaxDegreeOfParallelism = Partitions });
        _unordered = PythonSource.Open<Row>(BenchData.Module, "Sleepy", Options(Partitions),
            new PythonSourceSettings { MaxDegreeOfParallelism = Partitions, Ordered = false });
        _alone = PythonSource.Open<Row>(BenchData.Module, "Sleepy", Options(1));
        var expected = Partitions * BatchesPerPartition * 1024;
        Kernels.Check(OnePartitionAtATime() == expected && EightAtATime() == expected && EightAtATimeUnordered() == expected, "row count");
        Kernels.Check(OnePartitionAlone() == expected / Partitions, "row count of one partition");
    }

    [Benchmark(Baseline = true)]
    public int OnePartitionAtATime() => _serial.Count();

    [Benchmark]
    public int EightAtATime() => _parallel.Count();

    [Benchmark]
    public int EightAtATimeUnordered() => _unordered.Count();

    [Benchmark]
    public int OnePartitionAlone() => _alone.Count();
}
