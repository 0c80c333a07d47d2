using System.Runtime.CompilerServices;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// PythonQueryableExtensions.ToList: rows built batch by batch into a list of exactly their count, the same rows in
/// the same order as enumerating the query; other plans and other providers behave as Enumerable.ToList.
/// </summary>
public sealed class ToListTests
{
    // 1,050 rows in 64-row batches over four partitions (one empty): more than the first pooled segments hold, and
    // batches that straddle segment ends.
    private static IQueryable<Row> Rows() => LinqSources.Open<Row>("Recording", "300,0,700,50", batch: 64);

    private static string Text(Row r) => $"{r.Id}|{r.I32}|{r.Name}|{r.Score}|{r.Amount}|{r.Flag}|{r.Ts:O}|{r.Tsz:O}|{r.Day}|{r.Cat}";

    [Fact]
    public void Whole_rows_come_in_a_list_of_exactly_their_count_equal_to_enumerating_the_query()
    {
        var rows = Rows().ToList();
        var enumerated = Rows().AsEnumerable().ToList();
        Assert.Equal(1050, rows.Count);
        Assert.Equal(rows.Count, rows.Capacity);
        Assert.Equal(2048, enumerated.Capacity); // Enumerable.ToList grows by doubling: the path above is not that one
        Assert.Equal(enumerated.Select(Text), rows.Select(Text));
    }

    [Fact]
    public void Filters_and_projections_build_only_the_selected_rows_in_order()
    {
        var q = Rows();
        var threshold = 5;
        var filtered = q.Where(r => r.I32 % 7 != threshold && r.Name != null).ToList();
        Assert.Equal(filtered.Count, filtered.Capacity);
        Assert.Equal(q.AsEnumerable().Where(r => r.I32 % 7 != threshold && r.Name != null).Select(Text), filtered.Select(Text));

        var projected = q.Where(r => r.Flag).Select(r => new { r.Id, Label = r.Cat + ":" + r.Name, Half = r.Score / 2 }).ToList();
        Assert.Equal(projected.Count, projected.Capacity);
        Assert.Equal(q.AsEnumerable().Where(r => r.Flag).Select(r => new { r.Id, Label = r.Cat + ":" + r.Name, Half = r.Score / 2 }), projected);

        var ids = q.Select(r => r.Id).Skip(10).Take(900).ToList();
        Assert.Equal(Enumerable.Range(10, 900).Select(i => (long)i), ids.Order());
        Assert.Equal(q.AsEnumerable().Select(r => r.Id).Skip(10).Take(900), ids);
    }

    [Fact]
    public void Plans_with_a_dotnet_tail_and_composite_plans_give_what_enumerating_gives()
    {
        var q = Rows();
        Assert.Equal(q.AsEnumerable().OrderByDescending(r => r.Score).ThenBy(r => r.Id).Select(r => r.Id),
            q.OrderByDescending(r => r.Score).ThenBy(r => r.Id).Select(r => r.Id).ToList());
        Assert.Equal(q.AsEnumerable().GroupBy(r => r.Cat).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key),
            q.GroupBy(r => r.Cat).Select(g => ValueTuple.Create(g.Key, g.Count())).ToList().OrderBy(g => g.Item1));
        Assert.Equal(q.AsEnumerable().Select(r => r.Id).Zip(q.AsEnumerable().Skip(1).Select(r => r.Id)),
            q.Select(r => r.Id).Zip(q.Skip(1).Select(r => r.Id)).ToList());
        var small = LinqSources.Open<Row>("Recording", "5,5", batch: 2);
        Assert.Equal(q.AsEnumerable().Where(r => small.AsEnumerable().Any(s => s.Id == r.Id)).Select(r => r.Id),
            q.Where(r => small.Any(s => s.Id == r.Id)).Select(r => r.Id).ToList());
    }

    [Fact]
    public async Task ToListAsync_builds_the_same_list_exactly_sized()
    {
        var rows = await Rows().Where(r => r.Id % 3 == 0).ToListAsync();
        Assert.Equal(350, rows.Count);
        Assert.Equal(rows.Count, rows.Capacity);
        Assert.Equal(Rows().Where(r => r.Id % 3 == 0).ToList().Select(Text), rows.Select(Text));
        Assert.Equal(Rows().OrderBy(r => r.Name).Select(r => r.Id).ToList(), await Rows().OrderBy(r => r.Name).Select(r => r.Id).ToListAsync());
    }

    [Fact]
    public void An_empty_result_is_an_empty_list()
    {
        var none = Rows().Where(r => r.Id < 0).ToList();
        Assert.Empty(none);
        Assert.Empty(LinqSources.Open<Row>("Recording", "0,0").ToList());
    }

    [Fact]
    public void Over_another_provider_it_is_Enumerable_ToList()
    {
        var numbers = new[] { 3, 1, 2 }.AsQueryable();
        Assert.Equal(new[] { 1, 2 }, numbers.Where(n => n < 3).OrderBy(n => n).ToList());
        Assert.Throws<ArgumentNullException>(() => PythonQueryableExtensions.ToList((IQueryable<int>)null!));
    }

    [Fact]
    public void The_pooled_segments_keep_no_row_alive_and_every_batch_is_released()
    {
        var before = TestPython.ProducerStats();
        var (first, last) = WeakRowsOfAList();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(first.TryGetTarget(out _), "the first row (in a full segment) is still referenced");
        Assert.False(last.TryGetTarget(out _), "the last row (in the last segment) is still referenced");
        var after = TestPython.SettledProducerStats(before);
        Assert.True(after["exported"] > before["exported"]);
        Assert.Equal(after["exported"] - before["exported"], after["released"] - before["released"]);
        Assert.Equal(before["live"], after["live"]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference<Row> First, WeakReference<Row> Last) WeakRowsOfAList()
    {
        var rows = Rows().ToList();
        Assert.Equal(1050, rows.Count);
        return (new WeakReference<Row>(rows[0]), new WeakReference<Row>(rows[^1]));
    }
}
