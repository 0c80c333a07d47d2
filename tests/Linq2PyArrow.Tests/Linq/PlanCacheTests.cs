using System.Linq.Expressions;
using Linq2PyArrow.Linq;
using Linq2PyArrow.Linq.Parsing;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// Plans are cached by query shape with constants and captured variables as parameters: executions of one shape
/// share a plan, and every execution sees the values of its own moment (never a stale one from the cache).
/// </summary>
public sealed class PlanCacheTests
{
    private static IQueryable<Row> Fresh() => LinqSources.Open<Row>("Ignoring", "6,0,9,3");

    private static int Plans(IQueryable query) => ((PythonQueryProvider)query.Provider).Plans.Count;

    [Fact]
    public void Captured_variables_are_read_at_each_execution()
    {
        var source = Fresh();
        var rows = source.ToList();
        var before = Plans(source);
        for (var min = -1L; min < 20; min += 3)
        {
            Assert.Equal(rows.Where(r => r.Id > min).Select(r => r.Id), source.Where(r => r.Id > min).Select(r => r.Id).ToList());
            Assert.Equal(rows.Count(r => r.Id > min), source.Count(r => r.Id > min));
            Assert.Equal(rows.Where(r => r.Id > min).Sum(r => r.I32), source.Where(r => r.Id > min).Sum(r => r.I32));
        }
        Assert.Equal(before + 3, Plans(source));
    }

    [Fact]
    public void A_query_reads_captured_values_when_it_runs_not_when_it_is_built()
    {
        var source = Fresh();
        var name = "ann";
        var take = 1;
        var query = source.Where(r => r.Name == name).Select(r => r.Id).Take(take);
        var ann = query.ToList();
        name = "bob";
        take = 5; // Take's argument was evaluated when the query was built (it is not inside a lambda), as in LINQ to Objects
        var rows = source.ToList();
        Assert.Equal(rows.Where(r => r.Name == "bob").Select(r => r.Id).Take(1), query.ToList());
        Assert.Equal(rows.Where(r => r.Name == "ann").Select(r => r.Id).Take(1), ann);
    }

    [Fact]
    public void Literals_are_parameters_too()
    {
        var source = Fresh();
        var before = Plans(source);
        Assert.Equal(9, source.Count(r => r.Id > 8));
        Assert.Equal(3, source.Count(r => r.Id > 14));
        Assert.Equal(before + 1, Plans(source));
        Assert.Equal(3, source.Count(r => r.Id >= 15));
        Assert.Equal(before + 2, Plans(source));
    }

    [Fact]
    public void Computed_values_are_evaluated_per_execution()
    {
        var source = Fresh();
        var rows = source.ToList();
        var days = 3;
        var query = source.Where(r => r.Day < new DateOnly(2024, 1, 1).AddDays(days * 2)).Select(r => r.Id);
        Assert.Equal(rows.Where(r => r.Day < new DateOnly(2024, 1, 7)).Select(r => r.Id), query.ToList());
        days = 1;
        Assert.Equal(rows.Where(r => r.Day < new DateOnly(2024, 1, 3)).Select(r => r.Id), query.ToList());
        Assert.Contains("filters: [[('day', '<', datetime.date(2024, 1, 3))]]", query.Explain());
    }

    [Fact]
    public void Concurrent_executions_of_one_plan_keep_their_own_values()
    {
        var source = Fresh();
        var rows = source.ToList();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var min = (long)i;
            Assert.Equal(rows.Where(r => r.Id > min).Select(r => r.Id), source.Where(r => r.Id > min).Select(r => r.Id).ToList());
        });
    }

    [Fact]
    public void Shapes_differ_by_structure_and_not_by_values()
    {
        var provider = Fresh().Provider;
        Expression<Func<Row, long>> ab = r => r.Id - r.I32;
        Expression<Func<Row, long>> ba = r => r.I32 - r.Id;
        Expression<Func<Row, bool>> five = r => r.Id > 5;
        Expression<Func<Row, bool>> seven = r => r.Id > 7;
        Expression<Func<Row, bool>> greaterOrEqual = r => r.Id >= 5;
        Assert.NotEqual(QueryShape.Of(ab, provider).Key, QueryShape.Of(ba, provider).Key);
        Assert.Equal(QueryShape.Of(five, provider).Key, QueryShape.Of(seven, provider).Key);
        Assert.NotEqual(QueryShape.Of(five, provider).Key, QueryShape.Of(greaterOrEqual, provider).Key);
        Assert.Equal([7L], QueryShape.Of(seven, provider).Leaves);
        var holder = new Captured<string?>(null);
        Expression<Func<Row, bool>> captured = r => r.Name == holder.Value;
        Assert.Equal([null], QueryShape.Of(captured, provider).Leaves);
    }
}
