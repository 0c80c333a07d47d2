using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Linq2PyArrow.Linq;

namespace Linq2PyArrow.Benchmarks.Translation;

/// <summary>
/// Query translation against a source with zero partitions, so a query costs translation, plan lookup and one
/// plan_partitions call into Python — no scan. Cold: a fresh provider (empty plan cache) per execution, so
/// the shape is parsed, translated and compiled. Cached: the same shape with a different captured value.
/// EmptyScan runs the untranslated root query over the same source: what is left of Cached after subtracting
/// it is the translation of a cached shape (parse, cache lookup, parameter binding). Target: cached under 50 µs.
/// </summary>
[MemoryDiagnoser]
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
        Kernels.Check(Cached() == 0 && Cold() == 0, "empty result");
    }

    [Benchmark(Baseline = true)]
    public int Cold() => Run(new PythonQueryable<Row>(new PythonQueryProvider(_context)));

    [Benchmark]
    public int Cached() => Run(_query);

    [Benchmark]
    public int EmptyScan() => _query.ToList().Count;

    private int Run(IQueryable<Row> query)
    {
        var min = _counter++;
        return query.Where(r => r.Id > min && r.Flag && r.Name!.StartsWith("name"))
            .OrderBy(r => r.Score)
            .Select(r => new { r.Id, r.Ts })
            .ToList().Count;
    }
}
