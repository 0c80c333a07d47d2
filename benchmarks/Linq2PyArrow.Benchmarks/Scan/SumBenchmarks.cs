using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Benchmarks.Scan;

/// <summary>
/// Sum over an int64 column of <see cref="BenchData.SumRows"/> rows from a Python source that re-yields batches
/// it built once. Baseline (a): the same generator run and every batch exported and released from C#, nothing
/// consumed — the floor. Targets: LinqSum ≤ 1.15× the floor at 64K-row batches; ColumnarSum ≥ 0.8× the
/// throughput of DotNetArray (the same kernel over a long[]) at 1M-row batches, where Python's per-batch cost
/// (one generator step and one export per million rows) is small beside the kernel's and overlaps it. At 1M-row
/// batches the scan makes <see cref="Passes"/> passes over the rows (16 batches) and DotNetArray as many over its
/// array: four batches alone are too short a scan to measure throughput, the query's fixed start (a thread
/// wake-up, plan_partitions, read_partition, the first export: ≈0.25 ms here) would be a third of it. That fixed
/// cost is still in every number; TranslationBenchmarks.EmptyScan reports it on its own.
/// </summary>
[MemoryDiagnoser]
public class SumBenchmarks
{
    private IQueryable<Row> _query = null!;
    private PyObject _source = null!, _spec = null!, _options = null!;
    private long[] _array = null!;
    private long _expected;

    public static IEnumerable<int> BatchSizes => BenchData.Smoke ? [1024, 8192] : [65536, 1024 * 1024];

    [ParamsSource(nameof(BatchSizes))]
    public int BatchRows { get; set; }

    /// <summary>Passes over the rows: 4 at 1M-row batches (see the class comment), else 1.</summary>
    public int Passes => BatchRows >= 1024 * 1024 ? 4 : 1;

    [GlobalSetup]
    public void Setup()
    {
        var rows = BenchData.SumRows;
        var options = BenchData.Options(rows, BatchRows);
        options["passes"] = $"{Passes}";
        _query = PythonSource.Open<Row>(BenchData.Module, "Repeated", options);
        _source = PythonSide.Eval("Repeated()");
        _spec = PythonSide.Eval("{'index': 0}");
        _options = PythonSide.Eval($"{{'rows': '{rows}', 'batch': '{BatchRows}', 'passes': '{Passes}'}}");
        _array = [.. Enumerable.Range(0, rows).Select(i => (long)i)];
        _expected = Passes * ((long)rows * (rows - 1) / 2);
        Kernels.Check(LinqSum() == _expected, "LINQ Sum");
        Kernels.Check(ColumnarSum() == _expected, "columnar Sum");
        Kernels.Check(DotNetArray() == _expected, "long[] Sum");
        Kernels.Check(Floor() == Passes * ((rows + BatchRows - 1) / BatchRows), "floor batch count");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        PythonSide.Dispose(_source);
        PythonSide.Dispose(_spec);
        PythonSide.Dispose(_options);
    }

    /// <summary>(a) Python produces and exports every batch; C# releases it unread.</summary>
    [Benchmark(Baseline = true)]
    public int Floor() => PythonSide.ProduceAndRelease(_source, _spec, _options);

    /// <summary>End to end through LINQ: query.Sum(r => r.Id).</summary>
    [Benchmark]
    public long LinqSum() => _query.Sum(r => r.Id);

    /// <summary>The public columnar API: AggregateBatches over the id column's spans.</summary>
    [Benchmark]
    public long ColumnarSum() =>
        _query.AggregateBatches(0L, static (sum, batch) => sum + Kernels.Sum(batch.Values<long>(0)), "id");

    /// <summary>(d) The same values already in a .NET long[], as many passes: the memory-bandwidth limit.</summary>
    [Benchmark]
    public long DotNetArray()
    {
        var sum = 0L;
        for (var pass = 0; pass < Passes; pass++) sum += Kernels.Sum(_array);
        return sum;
    }
}
