using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Linq2PyArrow.Linq;

namespace Linq2PyArrow.Benchmarks.Translation;

/// <summary>
/// Query translation against a source with zero partitions, so a query costs translation, plan lookup and one
/// plan_partitions call into Python — no scan. Cold: a fresh provider (empty plan cache) per execution, so
/// the shape is parsed, translated and compiled. Cached: the same shape with a different captured value (target:
/// at most 30 µs). The rest break Cached down: BuildOnly builds the query (the C# compiler's expression tree, the
/// Queryable operators: what any LINQ provider's caller pays) without running it; EmptyScan runs the untranslated
/// root query (a scan that starts, calls plan_partitions and ends); PlanPartitionsCall is that Python call alone.
/// More iterations than the short job's 3: a microsecond-scale operation reaches its steady state (tiered JIT, dynamic
/// PGO) only after several warmup iterations, and with 3 measured iterations one slow iteration (a gen-1 collection,
/// a background tier-up) doubled the mean (35 ± 12 µs against a median of 13 µs over 30 iterations).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(10)]
[IterationCount(20)]
public class TranslationBenchmarks
{
    private IQueryable<Row> _query = null!;
    private SourceContext _context = null!;
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        _query = PythonSource.Open<Row>(BenchData.Module, "Empty");
        _context = ((PythonQueryProvider)_query.Provider).Context;
        Kernels.Check(Cached() == 0 && Cold() == 0 && EmptyScan() == 0 && PlanPartitionsCall() == 0, "empty result");
        Kernels.Check(BuildOnly() is not null, "query built");
    }

    [Benchmark(Baseline = true)]
    public int Cold() => Run(new PythonQueryable<Row>(new PythonQueryProvider(_context)));

    [Benchmark]
    public int Cached() => Run(_query);

    [Benchmark]
    public int EmptyScan() => _query.ToList().Count;

    /// <summary>The query of <see cref="Cached"/>, built but not run.</summary>
    [Benchmark]
    public object BuildOnly() => Build(_query).Expression;

    /// <summary>The one Python call of a query over this source: plan_partitions(options), with the GIL taken and released.</summary>
    [Benchmark]
    public int PlanPartitionsCall()
    {
        var partitions = _context.Source.PlanPartitions(null);
        foreach (var partition in partitions) partition.Dispose();
        return partitions.Count;
    }

    private int Run(IQueryable<Row> query) => Build(query).ToList().Count;

    private IQueryable<object> Build(IQueryable<Row> query)
    {
        var min = _counter++;
        return query.Where(r => r.Id > min && r.Flag && r.Name!.StartsWith("name"))
            .OrderBy(r => r.Score)
            .Select(r => new { r.Id, r.Ts });
    }
}
