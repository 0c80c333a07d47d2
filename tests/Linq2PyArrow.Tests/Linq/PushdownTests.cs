namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// What the provider pushes to Python, as the Recording source receives it: the columns, the exact DNF of each
/// pushable form, the limit (and no limit when it would be unsafe), and partition pruning. Every query's result
/// is also checked against LINQ to Objects over the same rows.
/// </summary>
public sealed class PushdownTests
{
    private const string AllColumns = "['id', 'i32', 'name', 'score', 'amount', 'flag', 'ts', 'tsz', 'day', 'cat']";

    private static readonly Lazy<List<Row>> s_rows = new(() => LinqSources.Open<Row>("Ignoring", "6,0,9,3").ToList());

    private static List<Row> Rows => s_rows.Value;

    /// <summary>Runs the query on Recording and on LINQ to Objects; returns the recorded reads' hints (partition → "columns=… filters=… limit=…").</summary>
    private static Dictionary<int, string> Pushed<TResult>(Func<IQueryable<Row>, TResult> query, Func<TResult, TResult, bool>? same = null)
    {
        var tag = LinqSources.NewTag();
        var actual = query(LinqSources.Recording(tag));
        var expected = query(Rows.AsQueryable());
        if (same is null) Assert.Equal(Render(expected), Render(actual));
        else Assert.True(same(expected, actual));
        return LinqSources.Reads(tag).ToDictionary(r => int.Parse(r.Split(' ')[1]), r => r[(r.IndexOf("columns=", StringComparison.Ordinal))..]);
    }

    private static string Message(Func<object?> run)
    {
        try
        {
            return Render(run());
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static string Render(object? value) => value is System.Collections.IEnumerable items and not string
        ? "[" + string.Join(", ", items.Cast<object?>().Select(Render)) + "]"
        : value?.ToString() ?? "null";

    /// <summary>Every partition read got the same hints; returns them.</summary>
    private static string Single(Dictionary<int, string> reads)
    {
        Assert.NotEmpty(reads);
        Assert.Single(reads.Values.Distinct());
        return reads.Values.First();
    }

    [Fact]
    public void Projection_reads_only_the_columns_the_query_uses_in_schema_order()
    {
        Assert.Equal("columns=['name'] filters=None limit=None", Single(Pushed(q => q.Select(r => r.Name).ToList())));
        Assert.Equal("columns=['id', 'score', 'flag'] filters=[[('flag', '==', True)]] limit=None",
            Single(Pushed(q => q.Where(r => r.Flag).Select(r => new { r.Score, r.Id }).ToList())));
        Assert.Equal("columns=['id', 'ts'] filters=None limit=None", Single(Pushed(q => q.OrderBy(r => r.Ts).Select(r => r.Id).ToList())));
        Assert.Equal("columns=['i32'] filters=None limit=None", Single(Pushed(q => q.Sum(r => r.I32))));
        Assert.Equal($"columns={AllColumns} filters=None limit=None", Single(Pushed(q => q.ToList().Select(r => r.Id).ToList())));
        Assert.Equal("columns=['cat'] filters=None limit=None", Single(Pushed(q => q.Select(r => r.Cat).Distinct().ToList())));
    }

    [Fact]
    public void Grouping_reads_only_the_members_its_groups_use()
    {
        Assert.Equal("columns=['i32', 'cat'] filters=None limit=None",
            Single(Pushed(q => q.GroupBy(r => r.Cat).Select(g => new { g.Key, N = g.Count(), S = g.Sum(x => x.I32) }).ToList())));
        Assert.Equal("columns=['cat'] filters=None limit=None", Single(Pushed(q => q.GroupBy(r => r.Cat).Select(g => g.Count()).ToList())));
        Assert.Equal("columns=['score', 'flag'] filters=None limit=None",
            Single(Pushed(q => q.GroupBy(r => r.Flag).Where(g => g.Count() > 1).Select(g => new { g.Key, M = g.Max(x => x.Score) }).ToList())));
        Assert.Equal("columns=['amount', 'cat'] filters=None limit=None",
            Single(Pushed(q => q.GroupBy(r => r.Cat).OrderBy(g => g.Key).Select(g => g.Where(x => x.Amount > 0).Average(x => x.Amount)).ToList())));
        Assert.Equal("columns=['cat'] filters=None limit=None", Single(Pushed(q => q.GroupBy(r => r.Cat).All(g => g.Count() > 1))));
        Assert.Equal("columns=['id', 'name', 'cat'] filters=None limit=None",
            Single(Pushed(q => q.GroupBy(r => r.Cat).Select(g => g.OrderBy(x => x.Id).Select(x => x.Name).First()).ToList())));
        // The rows themselves are used: whole rows, still the right result.
        Assert.Equal($"columns={AllColumns} filters=None limit=None", Single(Pushed(q => q.GroupBy(r => r.Cat).Select(g => g.First().Id).ToList())));
        Assert.Equal($"columns={AllColumns} filters=None limit=None",
            Single(Pushed(q => q.GroupBy(r => r.Cat).ToList().Select(g => g.Key + ":" + string.Join(",", g.Select(x => x.Id))).ToList())));
    }

    [Fact]
    public void Count_without_a_predicate_reads_only_the_cheapest_column()
    {
        Assert.Equal("columns=['flag'] filters=None limit=None", Single(Pushed(q => q.Count())));
        Assert.Equal("columns=['flag'] filters=None limit=None", Single(Pushed(q => q.LongCount())));
        Assert.Equal("columns=['id'] filters=[[('id', '>', 3)]] limit=None", Single(Pushed(q => q.Count(r => r.Id > 3))));
    }

    [Fact]
    public void Comparisons_push_with_the_column_on_either_side()
    {
        var seven = 7L;
        Assert.Equal("filters=[[('id', '>', 5)]]", Filters(q => q.Where(r => r.Id > 5)));
        Assert.Equal("filters=[[('id', '>', 5)]]", Filters(q => q.Where(r => 5 < r.Id)));
        Assert.Equal("filters=[[('id', '<=', 5)]]", Filters(q => q.Where(r => 5 >= r.Id)));
        Assert.Equal("filters=[[('id', '==', 7)]]", Filters(q => q.Where(r => r.Id == seven)));
        Assert.Equal("filters=[[('id', '!=', 3)]]", Filters(q => q.Where(r => r.Id != 3)));
        Assert.Equal("filters=[[('i32', '>', 7)]]", Filters(q => q.Where(r => r.I32 > seven)));
        Assert.Equal("filters=[[('score', '>', 2.5)]]", Filters(q => q.Where(r => r.Score > 2.5)));
        Assert.Equal("filters=[[('score', '<', 0.0)]]", Filters(q => q.Where(r => r.Score < 0)));
    }

    [Fact]
    public void And_or_not_become_disjunctive_normal_form()
    {
        Assert.Equal("filters=[[('i32', '>=', 0), ('i32', '<=', 10)]]", Filters(q => q.Where(r => r.I32 >= 0 && r.I32 <= 10)));
        Assert.Equal("filters=[[('i32', '>=', 0), ('i32', '<=', 10)]]", Filters(q => q.Where(r => r.I32 >= 0).Where(r => r.I32 <= 10)));
        Assert.Equal("filters=[[('id', '<', 2)], [('id', '>', 15)]]", Filters(q => q.Where(r => r.Id < 2 || r.Id > 15)));
        Assert.Equal("filters=[[('id', '<=', 5)]]", Filters(q => q.Where(r => !(r.Id > 5))));
        Assert.Equal("filters=[[('id', '<=', 5), ('flag', '==', False)]]", Filters(q => q.Where(r => !(r.Id > 5 || r.Flag))));
        Assert.Equal("filters=[[('id', '<', 3), ('cat', '==', 'a')], [('id', '<', 3), ('cat', '==', 'b')], [('id', '>', 15), ('cat', '==', 'a')], [('id', '>', 15), ('cat', '==', 'b')]]",
            Filters(q => q.Where(r => (r.Id < 3 || r.Id > 15) && (r.Cat == "a" || r.Cat == "b"))));
    }

    [Fact]
    public void Negations_that_sql_null_semantics_would_change_stay_in_dotnet()
    {
        // In .NET !(null > 5) and null != "x" are true; a source comparing like SQL would drop those rows.
        Assert.Equal("filters=None", Filters(q => q.Where(r => !(r.Score > 5))));
        Assert.Equal("filters=None", Filters(q => q.Where(r => r.Name != "ann")));
        Assert.Equal("filters=None", Filters(q => q.Where(r => !(r.Name == "ann"))));
        // NaN: !(NaN > 5) is true in .NET, NaN <= 5 is false everywhere.
        Assert.Equal("filters=[[('i32', '<=', 5)]]", Filters(q => q.Where(r => !(r.I32 > 5))));
    }

    [Fact]
    public void Contains_over_a_collection_becomes_in_and_not_in()
    {
        long[] ids = [1, 7, 16];
        var names = new List<string?> { "ann", "bob" };
        var withNull = new List<string?> { "ann", null };
        var set = new HashSet<string> { "cy" };
        var caseless = new HashSet<string?>(StringComparer.OrdinalIgnoreCase) { "ANN" };
        Assert.Equal("filters=[[('id', 'in', [1, 7, 16])]]", Filters(q => q.Where(r => ids.Contains(r.Id))));
        Assert.Equal("filters=[[('id', 'not in', [1, 7, 16])]]", Filters(q => q.Where(r => !ids.Contains(r.Id))));
        Assert.Equal("filters=[[('name', 'in', ['ann', 'bob'])]]", Filters(q => q.Where(r => names.Contains(r.Name))));
        Assert.Equal("filters=[[('cat', 'in', ['cy'])]]", Filters(q => q.Where(r => set.Contains(r.Cat))));
        Assert.Equal("filters=[[('i32', 'in', [1, 2])]]", Filters(q => q.Where(r => new[] { 1, 2 }.Contains(r.I32))));
        Assert.Equal("filters=None", Filters(q => q.Where(r => !names.Contains(r.Name))));
        Assert.Equal("filters=None", Filters(q => q.Where(r => withNull.Contains(r.Name))));
        Assert.Equal("filters=None", Filters(q => q.Where(r => caseless.Contains(r.Name))));
    }

    [Fact]
    public void Bool_columns_and_string_equality_push()
    {
        Assert.Equal("filters=[[('flag', '==', True)]]", Filters(q => q.Where(r => r.Flag)));
        Assert.Equal("filters=[[('flag', '==', False)]]", Filters(q => q.Where(r => !r.Flag)));
        Assert.Equal("filters=[[('flag', '==', False)]]", Filters(q => q.Where(r => r.Flag == false)));
        Assert.Equal("filters=[[('name', '==', 'ann')]]", Filters(q => q.Where(r => r.Name == "ann")));
        Assert.Equal("filters=[[('name', '==', 'bob')]]", Filters(q => q.Where(r => "bob".Equals(r.Name))));
        Assert.Equal("filters=[[('cat', '==', 'a')]]", Filters(q => q.Where(r => string.Equals(r.Cat, "a"))));
        Assert.Equal("filters=[[('name', '==', 'Éva')]]", Filters(q => q.Where(r => r.Name == "Éva")));
    }

    [Fact]
    public void Values_cross_as_the_python_type_of_the_column()
    {
        Assert.Equal("filters=[[('ts', '>=', datetime.datetime(2024, 1, 1, 0, 5))]]", Filters(q => q.Where(r => r.Ts >= new DateTime(2024, 1, 1, 0, 5, 0))));
        Assert.Equal("filters=[[('tsz', '<', datetime.datetime(2024, 1, 1, 5, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600))))]]",
            Filters(q => q.Where(r => r.Tsz < new DateTimeOffset(2024, 1, 1, 5, 0, 0, TimeSpan.FromHours(1)))));
        Assert.Equal("filters=[[('day', '==', datetime.date(2024, 1, 3))]]", Filters(q => q.Where(r => r.Day == new DateOnly(2024, 1, 3))));
        Assert.Equal("filters=[[('amount', '>', Decimal('10.5'))]]", Filters(q => q.Where(r => r.Amount > 10.5m)));
        // A Python datetime holds microseconds: finer ticks would compare differently, so they stay in .NET.
        Assert.Equal("filters=None", Filters(q => q.Where(r => r.Ts >= new DateTime(2024, 1, 1, 0, 5, 0).AddTicks(1))));
    }

    [Fact]
    public void Unpushable_conjuncts_are_left_out_and_unpushable_disjuncts_push_nothing()
    {
        Assert.Equal("filters=[[('id', '>', 5)]]", Filters(q => q.Where(r => r.Id > 5 && (r.Name ?? "").StartsWith('a'))));
        Assert.Equal("filters=None", Filters(q => q.Where(r => r.Id > 5 || (r.Name ?? "").StartsWith('a'))));
        Assert.Equal("filters=[[('id', '>', 5), ('flag', '==', True)]]", Filters(q => q.Where(r => r.Id > 5 && (r.Name == null || r.Flag) && r.Flag)));
    }

    [Fact]
    public void Null_values_are_never_pushed()
    {
        string? nobody = null;
        Assert.Equal("filters=None", Filters(q => q.Where(r => r.Name == nobody)));
        Assert.Equal("filters=None", Filters(q => q.Where(r => r.Score == null)));
    }

    [Fact]
    public void Captured_booleans_decide_per_execution()
    {
        var everything = false;
        Assert.Equal("filters=[[('id', '>', 5)]]", Filters(q => q.Where(r => everything || r.Id > 5)));
        everything = true;
        Assert.Equal("filters=None", Filters(q => q.Where(r => everything || r.Id > 5)));

    }

    [Fact]
    public void Disjunctive_normal_form_is_capped()
    {
        // 7 disjunctions of 2 → 128 conjunctions: over the cap, the last conjuncts stay in .NET.
        var pushed = Filters(q => q.Where(r => (r.Id == 1 || r.Id == 2) && (r.I32 == 1 || r.I32 == 2) && (r.Cat == "a" || r.Cat == "b")
            && (r.Name == "ann" || r.Name == "bob") && (r.Flag || r.Id == 3) && (r.Id == 4 || r.I32 == 4) && (r.Id == 5 || r.I32 == 5)));
        Assert.Equal(64, pushed.Split("], [").Length);
    }

    private static string Filters(Func<IQueryable<Row>, IQueryable<Row>> query)
    {
        var hints = Single(Pushed(q => query(q).Select(r => r.Id).ToList()));
        return hints[hints.IndexOf("filters=", StringComparison.Ordinal)..hints.IndexOf(" limit=", StringComparison.Ordinal)];
    }

    [Fact]
    public void Limit_is_pushed_when_nothing_in_dotnet_drops_rows_before_it()
    {
        Assert.Equal("columns=['id'] filters=None limit=3", Single(Pushed(q => q.Take(3).Select(r => r.Id).ToList())));
        Assert.Equal("columns=['id'] filters=None limit=5", Single(Pushed(q => q.Select(r => r.Id).Skip(2).Take(3).ToList())));
        Assert.Equal("columns=['id'] filters=None limit=3", Single(Pushed(q => q.Select(r => r.Id).Take(3).Take(5).ToList())));
        Assert.Equal("columns=['id', 'flag'] filters=None limit=5", Single(Pushed(q => q.Take(5).Where(r => r.Flag).Select(r => r.Id).ToList())));
        Assert.Equal("columns=['id'] filters=None limit=3", Single(Pushed(q => q.Select(r => r.Id).Skip(2).First())));
    }

    [Fact]
    public void First_single_and_any_need_one_or_two_rows()
    {
        Assert.All(Pushed(q => q.First().Id).Values, hints => Assert.EndsWith("limit=1", hints));
        Assert.All(Pushed(q => q.FirstOrDefault()?.Id).Values, hints => Assert.EndsWith("limit=1", hints));
        Assert.All(Pushed(q => q.Any()).Values, hints => Assert.EndsWith("columns=['flag'] filters=None limit=1", hints));
        Assert.All(Pushed(q => Message(() => q.Select(r => r.Name).Single())).Values, hints => Assert.EndsWith("limit=2", hints));
    }

    [Fact]
    public void No_limit_with_a_predicate_an_ordering_or_distinct_before_it()
    {
        // Filters are hints: a source may ignore them, so a limit with a predicate could cut off rows the query needs.
        Assert.EndsWith("filters=[[('id', '>', 3)]] limit=None", Single(Pushed(q => q.Where(r => r.Id > 3).Select(r => r.Id).Take(2).ToList())));
        Assert.All(Pushed(q => q.Any(r => r.Id > 3)).Values, hints => Assert.EndsWith("filters=[[('id', '>', 3)]] limit=None", hints));
        Assert.All(Pushed(q => q.All(r => r.Id >= 0)).Values, hints => Assert.EndsWith("filters=[[('id', '<', 0)]] limit=None", hints));
        Assert.All(Pushed(q => q.FirstOrDefault(r => r.Id > 100)?.Id).Values, hints => Assert.EndsWith("limit=None", hints));
        Assert.EndsWith("limit=None", Single(Pushed(q => q.Where(r => (r.Name ?? "").StartsWith('a')).Select(r => r.Id).Take(2).ToList())));
        Assert.EndsWith("limit=None", Single(Pushed(q => q.OrderBy(r => r.Id).Select(r => r.Id).Take(2).ToList())));
        Assert.EndsWith("limit=None", Single(Pushed(q => q.Select(r => r.Cat).Distinct().Take(2).ToList())));
        Assert.EndsWith("limit=None", Single(Pushed(q => q.Select(r => r.Id).Last())));
        Assert.EndsWith("limit=None", Single(Pushed(q => q.Count())));
    }

    [Fact]
    public void Plan_partitions_receives_the_filters_to_prune_partitions()
    {
        var tag = LinqSources.NewTag();
        var ids = LinqSources.Recording(tag).Where(r => r.Id > 14).Select(r => r.Id).ToList();
        Assert.Equal([15L, 16, 17], ids);
        Assert.Equal(
            ["plan_partitions filters=[[('id', '>', 14)]]", "read_partition 3 columns=['id'] filters=[[('id', '>', 14)]] limit=None"],
            LinqSources.TakeCalls(tag));
    }
}
