namespace Linq2PyArrow.Tests.Linq;

/// <summary>Explain() shows what is pushed (columns, the exact DNF, limit) and what runs in .NET, with current values.</summary>
public sealed class ExplainTests
{
    private static readonly IQueryable<Row> Recording = LinqSources.Open<Row>("Recording", "6,0,9,3", 4, "explain");

    [Fact]
    public void A_query_without_Select_shows_no_identity_projection()
    {
        Assert.Equal(
            """
            Python source: linq_sources.Recording
            Pushed to Python:
              columns: id, i32, name, score, amount, flag, ts, tsz, day, cat
              filters: [[('flag', '==', True)]]
              partition pruning: plan_partitions receives the filters
              limit: (none)
            Runs in .NET:
              filter: r => r.Flag
              then: rows.Take(3)

            """.Replace("\r", ""), Recording.Where(r => r.Flag).Take(3).Explain());
    }

    [Fact]
    public void Explains_a_filtered_projection()
    {
        var min = 4L;
        var text = Recording.Where(r => r.Id > min && r.Name == "ann" && (r.Name ?? "").Length > 1).Select(r => new { r.Id, r.Score }).Explain();
        Assert.Equal(
            """
            Python source: linq_sources.Recording
            Pushed to Python:
              columns: id, name, score
              filters: [[('id', '>', 4), ('name', '==', 'ann')]]
              partition pruning: plan_partitions receives the filters
              limit: (none)
            Runs in .NET:
              filter: r => r.Id > 4 && r.Name == "ann" && (r.Name ?? "").Length > 1
              project: r => new { Id = r.Id, Score = r.Score }

            """.Replace("\r", ""), text);
    }

    [Fact]
    public void Shows_current_values_of_captured_variables()
    {
        var min = 4L;
        var query = Recording.Where(r => r.Id > min);
        Assert.Contains("filters: [[('id', '>', 4)]]", query.Explain());
        min = 9;
        Assert.Contains("filters: [[('id', '>', 9)]]", query.Explain());
        Assert.Contains("filter: r => r.Id > 9", query.Explain());
    }

    [Fact]
    public void Explains_kernels_limits_and_the_tail()
    {
        Assert.Equal(
            """
            Python source: linq_sources.Recording
            Pushed to Python:
              columns: flag (the cheapest column, for the row count: the query reads none)
              filters: (none)
              limit: (none)
            Runs in .NET:
              Count kernel (counts selected rows)

            """.Replace("\r", ""), Recording.Explain(q => q.Count()));
        Assert.Equal(
            """
            Python source: linq_sources.Recording
            Pushed to Python:
              columns: score, flag
              filters: [[('flag', '==', True)]]
              partition pruning: plan_partitions receives the filters
              limit: (none)
            Runs in .NET:
              filter: r => r.Flag
              Sum kernel over column 'score' as double?: r => r.Score

            """.Replace("\r", ""), Recording.Explain(q => q.Where(r => r.Flag).Sum(r => r.Score)));
        var skip = 2;
        Assert.Equal(
            """
            Python source: linq_sources.Recording
            Pushed to Python:
              columns: id, cat
              filters: (none)
              limit: (none)
            Runs in .NET:
              project: r => (r.Cat, r.Id)
              then: rows.OrderByDescending(t => t.Item2).Select(t => t.Item1).Distinct().Skip(2)

            """.Replace("\r", ""), Recording.OrderByDescending(r => r.Id).Select(r => r.Cat).Distinct().Skip(skip).Explain());
        Assert.Contains("  limit: 5\n", Recording.Select(r => r.Id).Skip(skip).Take(3).Explain());
    }

    [Fact]
    public void Says_which_hints_a_source_does_not_accept()
    {
        var text = PythonSource.Open<Tests.Sources.EndToEndTests.Row>("l2pa_test_sources", "Rows").Where(r => r.Id > 3).Select(r => r.Name).Explain();
        Assert.Contains("  columns: id, name (read_partition does not accept columns: the source ignores it)\n", text);
        Assert.Contains("  filters: [[('id', '>', 3)]] (read_partition does not accept filters: the source ignores it)\n", text);
        Assert.Contains("  partition pruning: no (plan_partitions does not accept filters)\n", text);
    }
}
