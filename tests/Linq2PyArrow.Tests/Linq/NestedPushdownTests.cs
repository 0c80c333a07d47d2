namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// Pushdown through nested query models, sub-queries and operators that run in .NET: each source receives its
/// own columns, filters and limit whenever semantics allow (a filter never moves past Take/Skip, nothing moves
/// past an operator that changes which rows exist), and every result equals LINQ to Objects'.
/// </summary>
public sealed class NestedPushdownTests
{
    private static readonly Lazy<List<Row>> s_rows = new(() => LinqSources.Open<Row>("Ignoring", "6,0,9,3").ToList());

    private static List<Row> Rows => s_rows.Value;

    /// <summary>Runs a query over two Recording sources and LINQ to Objects; returns the distinct hints each source's reads got.</summary>
    private static (string Main, string Other) Pushed<TResult>(Func<IQueryable<Row>, IQueryable<Row>, TResult> query)
    {
        var (mainTag, otherTag) = (LinqSources.NewTag(), LinqSources.NewTag());
        var actual = query(LinqSources.Recording(mainTag), LinqSources.Recording(otherTag));
        var expected = query(Rows.AsQueryable(), Rows.AsQueryable());
        Assert.Equal(QueryableOperatorTests.Render(expected), QueryableOperatorTests.Render(actual));
        return (Hints(mainTag), Hints(otherTag));
    }

    private static string Hints(string tag) =>
        string.Join(" | ", LinqSources.Reads(tag).Select(r => r[r.IndexOf("columns=", StringComparison.Ordinal)..]).Distinct());

    [Fact]
    public void Operators_before_a_where_keep_their_limit_and_prune_columns()
    {
        Assert.Equal("columns=['id', 'flag'] filters=None limit=5", Pushed((q, o) => q.Take(5).Where(r => r.Flag).Select(r => r.Id).ToList()).Main);
        Assert.Equal("columns=['id', 'cat'] filters=None limit=None", Pushed((q, o) => q.Reverse().Where(r => r.Cat == "a").Select(r => r.Id).ToList()).Main);
    }

    [Fact]
    public void Filters_after_a_projection_reach_the_source()
    {
        Assert.Equal("columns=['id', 'i32'] filters=[[('id', '>', 2), ('i32', '<', 40)]] limit=None",
            Pushed((q, o) => q.Where(r => r.Id > 2).Select(r => new { r.Id, r.I32 }).Where(x => x.I32 < 40).Select(x => x.Id).ToList()).Main);
    }

    [Fact]
    public void Operators_in_dotnet_keep_the_prefix_pushdown_and_read_only_the_columns_they_use()
    {
        Assert.Equal("columns=['id', 'name', 'flag'] filters=[[('flag', '==', True)]] limit=None",
            Pushed((q, o) => q.Where(r => r.Flag).SkipWhile(r => r.Id < 5).Select(r => r.Name).ToList()).Main);
        Assert.Equal("columns=['id', 'flag'] filters=None limit=None", Pushed((q, o) => q.SkipWhile(r => r.Id < 3).Count(r => r.Flag)).Main);
        Assert.Equal("columns=['id', 'cat'] filters=None limit=None", Pushed((q, o) => q.OrderBy(r => r.Cat, StringComparer.Ordinal).Select(r => r.Id).ToList()).Main);
        Assert.Equal("columns=['id'] filters=None limit=4", Pushed((q, o) => q.Select(r => r.Id).ElementAt(3)).Main);
        Assert.Equal("columns=['name'] filters=None limit=6", Pushed((q, o) => q.Take(2..6).Select(r => r.Name).ToList()).Main);
        // A row returned to the caller (MinBy's) is whole; so is one handed to a method.
        Assert.Equal("columns=['id', 'i32', 'name', 'score', 'amount', 'flag', 'ts', 'tsz', 'day', 'cat'] filters=None limit=None",
            Pushed((q, o) => q.MinBy(r => r.Cat)!.Id).Main);
        Assert.Equal("columns=['id', 'i32', 'name', 'score', 'amount', 'flag', 'ts', 'tsz', 'day', 'cat'] filters=None limit=None",
            Pushed((q, o) => q.SkipWhile(r => r.Id < 5).Select(r => r.ToString()).ToList().Count).Main);
    }

    [Fact]
    public void Sub_queries_over_another_source_are_scanned_once_with_their_own_pushdown()
    {
        var (main, other) = Pushed((q, o) => q.Where(r => o.Where(x => x.Flag).Any(x => x.Id == r.Id + 1)).Select(r => r.Id).ToList());
        Assert.Equal("columns=['id'] filters=None limit=None", main);
        Assert.Equal("columns=['id', 'flag'] filters=[[('flag', '==', True)]] limit=None", other);
        (main, other) = Pushed((q, o) => q.Where(r => r.I32 > 0 && r.Id < o.Max(x => x.Id)).Select(r => r.Name).ToList());
        Assert.Equal("columns=['id', 'i32', 'name'] filters=[[('i32', '>', 0), ('id', '<', 17)]] limit=None", main);
        Assert.Equal("columns=['id'] filters=None limit=None", other);
    }

    [Fact]
    public void Each_side_of_a_join_or_concat_pushes_its_own_part()
    {
        var (main, other) = Pushed((q, o) => q.Where(r => r.Flag)
            .Join(o.Where(x => x.I32 > 0), r => r.Id, x => x.Id, (r, x) => new { r.Name, x.Score }).ToList());
        // Both sides are rows of one type: the members the query reads on either side are read on both (the analysis is by type).
        Assert.Equal("columns=['id', 'name', 'score', 'flag'] filters=[[('flag', '==', True)]] limit=None", main);
        Assert.Equal("columns=['id', 'i32', 'name', 'score', 'flag'] filters=[[('i32', '>', 0)]] limit=None", other);
        (main, other) = Pushed((q, o) => q.Select(r => r.Id).Concat(o.Where(x => x.Cat == "b").Select(x => x.Id)).ToList());
        Assert.Equal("columns=['id'] filters=None limit=None", main);
        Assert.Equal("columns=['id', 'cat'] filters=[[('cat', '==', 'b')]] limit=None", other);
    }

    [Fact]
    public void Explain_shows_each_source_and_what_runs_in_dotnet()
    {
        var q = LinqSources.Open<Row>("Recording", "6,0,9,3", 4, "explain-nested");
        var text = q.Where(r => r.Flag).Join(q.Where(x => x.I32 > 0), r => r.Id, x => x.Id, (r, x) => new { r.Name, x.Score }).Explain();
        Assert.Equal(
            """
            Python source: linq_sources.Recording
            Pushed to Python:
              columns: id, name, score, flag
              filters: [[('flag', '==', True)]]
              partition pruning: plan_partitions receives the filters
              limit: (none)
            Runs in .NET:
              filter: r => r.Flag
              project: r => new Row { Id = r.Id, Name = r.Name, Score = r.Score }
              then: rows.Join(@p1, r => r.Id, x => x.Id, (r, x) => new { Name = r.Name, Score = x.Score })
            Sub-query @p1, streamed once per execution to the operator that reads it:
            Python source: linq_sources.Recording
            Pushed to Python:
              columns: id, i32, name, score, flag
              filters: [[('i32', '>', 0)]]
              partition pruning: plan_partitions receives the filters
              limit: (none)
            Runs in .NET:
              filter: x => x.I32 > 0
              project: x => new Row { Id = x.Id, Name = x.Name, Score = x.Score, Flag = x.Flag }

            """.Replace("\r", ""), text);
    }
}
