using System.ComponentModel.DataAnnotations.Schema;
using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;

namespace Linq2PyArrow.Benchmarks.Scan;

/// <summary>
/// Does a pure-Python source that applies the pushed filters pay for itself? <c>Count(o =&gt; o.Country == "NO"
/// &amp;&amp; o.Amount &gt; 500)</c> over a 200k-row, 4-partition "orders" source (l2pa_bench_filters.py: Python
/// lists per column, batches built with linq2pyarrow.arrow on every read). Baseline: the source does not accept
/// filters and .NET evaluates the predicate alone. Target (issue 13 §2): the source applying them with
/// linq2pyarrow.filters.filter_pydict is no slower (FiltersAppliedBySource / FiltersLeftToDotNet ≤ 1).
/// Also shown: the same with numpy columns, and the row-at-a-time way.
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private const string Module = "l2pa_bench_filters";
    private IQueryable<Order> _ignoring = null!, _lists = null!, _numpy = null!, _rowByRow = null!;
    private int _expected;

    [GlobalSetup]
    public void Setup()
    {
        var options = new Dictionary<string, string>
        {
            ["rows"] = $"{(BenchData.Smoke ? 20_000 : 200_000)}", ["partitions"] = "4", ["batch"] = "16384",
        };
        _ignoring = PythonSource.Open<Order>(Module, "OrdersIgnoringFilters", options);
        _lists = PythonSource.Open<Order>(Module, "Orders", options);
        _numpy = PythonSource.Open<Order>(Module, Numpy() ? "OrdersNumpy" : "Orders", options);
        _rowByRow = PythonSource.Open<Order>(Module, "OrdersRowByRow", options);
        _expected = FiltersLeftToDotNet();
        foreach (var (name, count) in new[] { ("lists", FiltersAppliedBySource()), ("numpy", FiltersAppliedBySourceNumpy()), ("row by row", FiltersAppliedRowByRow()) })
            Kernels.Check(count == _expected && _expected > 0, $"{name}: {count} rows, expected {_expected}");
    }

    private static bool Numpy()
    {
        try
        {
            PythonSide.Dispose(PythonSide.Eval("__import__('numpy')"));
            return true;
        }
        catch (PythonException)
        {
            return false; // without numpy the numpy case measures the list path again
        }
    }

    [Benchmark(Baseline = true)]
    public int FiltersLeftToDotNet() => _ignoring.Count(o => o.Country == "NO" && o.Amount > 500);

    [Benchmark]
    public int FiltersAppliedBySource() => _lists.Count(o => o.Country == "NO" && o.Amount > 500);

    [Benchmark]
    public int FiltersAppliedBySourceNumpy() => _numpy.Count(o => o.Country == "NO" && o.Amount > 500);

    [Benchmark]
    public int FiltersAppliedRowByRow() => _rowByRow.Count(o => o.Country == "NO" && o.Amount > 500);

    public sealed class Order
    {
        public long Id { get; set; }
        public string Customer { get; set; } = "";
        public string Country { get; set; } = "";
        public double Amount { get; set; }
        public long Quantity { get; set; }
        [Column("placed_at")]
        public DateTime PlacedAt { get; set; }
    }
}
