using Linq2PyArrow.Tests.Sources;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// Async terminals and <c>await foreach</c> over queries: same results and pushdown as the synchronous operators,
/// read through the asynchronous scan, cancellable; other queryables get a clear error.
/// </summary>
public sealed class AsyncTests
{
    private static readonly IQueryable<Row> Source = LinqSources.Open<Row>("Ignoring", "6,0,9,3");
    private static readonly List<Row> Rows = Source.ToList();

    [Fact]
    public void The_queryable_is_not_an_async_enumerable()
    {
        // Implementing IAsyncEnumerable<T> would make Where/Select ambiguous with System.Linq.AsyncEnumerable on .NET 10.
        Assert.False(Source is IAsyncEnumerable<Row>);
        Assert.False(Source.Where(r => r.Flag) is IAsyncEnumerable<Row>);
    }

    [Fact]
    public async Task Await_foreach_enumerates_a_composed_query()
    {
        var ids = new List<long>();
        await foreach (var row in Source.Where(r => r.I32 > 0).OrderBy(r => r.Name))
            ids.Add(row.Id);
        Assert.Equal(Rows.Where(r => r.I32 > 0).OrderBy(r => r.Name).Select(r => r.Id), ids);

        var names = new List<string?>();
        await foreach (var name in Source.Select(r => r.Name).AsAsyncEnumerable().Where(n => n != null))
            names.Add(name);
        Assert.Equal(Rows.Select(r => r.Name).Where(n => n != null), names);
    }

    [Fact]
    public async Task Terminals_match_their_synchronous_twins()
    {
        Assert.Equal(Rows.Select(r => r.Id), (await Source.ToListAsync()).Select(r => r.Id));
        Assert.Equal(Rows.Select(r => r.Cat).ToArray(), await Source.Select(r => r.Cat).ToArrayAsync());
        Assert.Equal(Rows.Count(r => r.Flag), await Source.CountAsync(r => r.Flag));
        Assert.Equal(Rows.LongCount(), await Source.LongCountAsync());
        Assert.Equal(Rows.Sum(r => r.I32), await Source.SumAsync(r => r.I32));
        Assert.Equal(Rows.Sum(r => r.Id), await Source.SumAsync(r => r.Id));
        Assert.Equal(Rows.Sum(r => r.Score), await Source.SumAsync(r => r.Score));
        Assert.Equal(Rows.Sum(r => r.Amount), await Source.SumAsync(r => r.Amount));
        Assert.Equal(Rows.Select(r => r.I32).Sum(), await Source.Select(r => r.I32).SumAsync());
        Assert.Equal(Rows.Average(r => r.I32), await Source.AverageAsync(r => r.I32));
        Assert.Equal(Rows.Average(r => r.Amount), await Source.AverageAsync(r => r.Amount));
        Assert.Equal(Rows.Min(r => r.Name), await Source.MinAsync(r => r.Name));
        Assert.Equal(Rows.Max(r => r.Ts), await Source.MaxAsync(r => r.Ts));
        Assert.Equal(Rows.Select(r => r.Score).Max(), await Source.Select(r => r.Score).MaxAsync());
        Assert.Equal(Rows.First(r => r.I32 > 10).Id, (await Source.FirstAsync(r => r.I32 > 10)).Id);
        Assert.Equal(Rows.LastOrDefault(r => r.Flag)?.Id, (await Source.LastOrDefaultAsync(r => r.Flag))?.Id);
        Assert.Equal(Rows.Single(r => r.Id == 7).Id, (await Source.SingleAsync(r => r.Id == 7)).Id);
        Assert.Null(await Source.SingleOrDefaultAsync(r => r.Id == 700));
        Assert.True(await Source.AnyAsync(r => r.Id == 17));
        Assert.False(await Source.AllAsync(r => r.Id < 17));
        Assert.True(await Source.Select(r => r.Id).ContainsAsync(12L));
        Assert.Equal(Rows.GroupBy(r => r.Cat).Select(g => new { g.Key, N = g.Count() }),
            await Source.GroupBy(r => r.Cat).Select(g => new { g.Key, N = g.Count() }).ToListAsync());
    }

    [Fact]
    public async Task Async_terminals_fail_like_synchronous_ones()
    {
        var none = Source.Where(r => r.Id > 1000);
        Assert.Equal("Sequence contains no elements", (await Assert.ThrowsAsync<InvalidOperationException>(() => none.FirstAsync())).Message);
        Assert.Equal("Sequence contains no matching element", (await Assert.ThrowsAsync<InvalidOperationException>(() => Source.FirstAsync(r => r.Id > 1000))).Message);
        Assert.Equal("Sequence contains more than one matching element", (await Assert.ThrowsAsync<InvalidOperationException>(() => Source.SingleAsync(r => r.Flag))).Message);
        Assert.Equal("Sequence contains no elements", (await Assert.ThrowsAsync<InvalidOperationException>(() => none.AverageAsync(r => r.I32))).Message);
        Assert.Equal(Rows.Where((r, i) => i > 0).Select(r => r.Id), (await Source.Where((r, i) => i > 0).ToListAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task Async_queries_push_down_like_synchronous_ones()
    {
        var tag = LinqSources.NewTag();
        var source = LinqSources.Recording(tag);
        Assert.Equal(3, await source.Where(r => r.Id > 14).CountAsync());
        Assert.Equal(["plan_partitions filters=[[('id', '>', 14)]]", "read_partition 3 columns=['id'] filters=[[('id', '>', 14)]] limit=None"],
            LinqSources.TakeCalls(tag));
        Assert.Equal(2, (await source.Select(r => r.Name).Take(2).ToListAsync()).Count);
        Assert.All(LinqSources.Reads(tag), read => Assert.EndsWith("columns=['name'] filters=None limit=2", read));
    }

    [Fact]
    public async Task Cancellation_stops_an_async_query()
    {
        var slow = PythonSource.Open<EndToEndTests.Row>("l2pa_test_sources", "SleepyRows",
            new Dictionary<string, string> { ["partitions"] = "2", ["rows"] = "40", ["batch"] = "4", ["sleep_ms"] = "100" });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.CountAsync(cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in slow.WithCancellation(cancellation.Token)) { }
        });
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "cancelled queries must not read the whole source");
    }

    [Fact]
    public async Task Other_queryables_get_a_clear_error()
    {
        var list = new List<int> { 1, 2 }.AsQueryable();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => list.CountAsync());
        Assert.Equal("CountAsync needs a query over a Python source (PythonSource.Open), but this query's provider is EnumerableQuery`1. " +
                     "Use the synchronous LINQ operators for other queryables.", ex.Message);
        Assert.Equal("AsAsyncEnumerable needs a query over a Python source (PythonSource.Open), but this query's provider is EnumerableQuery`1. " +
                     "Use the synchronous LINQ operators for other queryables.", Assert.Throws<InvalidOperationException>(() => list.AsAsyncEnumerable()).Message);
    }
}
