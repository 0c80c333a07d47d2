namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// Queries that need no column against linq_sources.Strict, which builds each batch from the requested columns only
/// (a request for no column would yield batches of zero rows): every aggregate, sync and async, must count the rows
/// that are there, because the provider asks for the cheapest column (here the bool 'flag') instead of none.
/// Filtered counts go through the same source. Results are compared with LINQ to Objects over the same rows.
/// </summary>
public sealed class StrictPruningTests
{
    private const string Sizes = "6,0,9,3";
    private static readonly List<Row> Rows = LinqSources.Open<Row>("Ignoring", Sizes).ToList();

    /// <summary>Runs the query on Strict and on LINQ to Objects, asserts the same outcome, and returns the columns each read asked for.</summary>
    private static List<string> Same<TResult>(Func<IQueryable<Row>, TResult> query)
    {
        var tag = LinqSources.NewTag();
        var actual = Outcome(() => query(LinqSources.Open<Row>("Strict", Sizes, tag: tag)));
        var expected = Outcome(() => query(Rows.AsQueryable()));
        Assert.Equal(expected, actual);
        return Columns(tag);
    }

    private static async Task<List<string>> SameAsync<TResult>(Func<IQueryable<Row>, Task<TResult>> query, Func<IQueryable<Row>, TResult> linq)
    {
        var tag = LinqSources.NewTag();
        string actual;
        try
        {
            actual = GeneratedQueryTests.Render(await query(LinqSources.Open<Row>("Strict", Sizes, tag: tag)));
        }
        catch (Exception ex)
        {
            actual = $"{ex.GetType().Name}: {ex.Message}";
        }
        Assert.Equal(Outcome(() => linq(Rows.AsQueryable())), actual);
        return Columns(tag);
    }

    private static string Outcome<TResult>(Func<TResult> run)
    {
        try
        {
            return GeneratedQueryTests.Render(run());
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static List<string> Columns(string tag) =>
        LinqSources.Reads(tag).Select(r => r[(r.IndexOf("columns=", StringComparison.Ordinal) + 8)..r.IndexOf(" filters=", StringComparison.Ordinal)])
            .Distinct().ToList();

    private static void AsksForTheCheapestColumn(List<string> columns) => Assert.Equal(["['flag']"], columns);

    [Fact]
    public void Counts_and_quantifiers_without_columns_count_every_row()
    {
        AsksForTheCheapestColumn(Same(q => q.Count()));
        AsksForTheCheapestColumn(Same(q => q.LongCount()));
        AsksForTheCheapestColumn(Same(q => q.Any()));
        AsksForTheCheapestColumn(Same(q => q.Skip(16).Any()));
        AsksForTheCheapestColumn(Same(q => q.Skip(3).Take(10).Count()));
        AsksForTheCheapestColumn(Same(q => q.Take(7).LongCount()));
        var everything = true;
        AsksForTheCheapestColumn(Same(q => q.Count(_ => everything)));
        AsksForTheCheapestColumn(Same(q => q.Where(_ => everything).LongCount()));
        AsksForTheCheapestColumn(Same(q => q.All(_ => everything)));
        AsksForTheCheapestColumn(Same(q => q.Any(_ => !everything)));
        Assert.Equal(18, Rows.Count);
    }

    [Fact]
    public void Aggregates_and_elements_of_constants_see_every_row()
    {
        AsksForTheCheapestColumn(Same(q => q.Sum(_ => 1)));
        AsksForTheCheapestColumn(Same(q => q.Sum(_ => 2L)));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 1.5m).Sum()));
        AsksForTheCheapestColumn(Same(q => q.Min(_ => 3)));
        AsksForTheCheapestColumn(Same(q => q.Max(_ => 4.5)));
        AsksForTheCheapestColumn(Same(q => q.Average(_ => 1)));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 7).First()));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 7).FirstOrDefault()));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 7).Last()));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 7).Single()));             // InvalidOperationException: more than one element
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 7).Take(1).Single()));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 7).Contains(7)));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => "x").ToList()));
        AsksForTheCheapestColumn(Same(q => q.Select(_ => 1).Distinct().Count()));
        Same(q => q.GroupBy(_ => 1).Select(g => g.Count()).ToList()); // the groups hold whole rows: every column
    }

    [Fact]
    public void Filtered_counts_read_their_columns_and_count_right()
    {
        Assert.Equal(["['id']"], Same(q => q.Count(r => r.Id > 3)));
        Assert.Equal(["['flag']"], Same(q => q.Where(r => r.Flag).Count()));
        Assert.Equal(["['name']"], Same(q => q.LongCount(r => r.Name == "ann")));
        Assert.Equal(["['score']"], Same(q => q.Count(r => r.Score > 0 || r.Score == null)));
        Assert.Equal(["['i32', 'cat']"], Same(q => q.Where(r => r.Cat != "a").Count(r => r.I32 % 2 == 0)));
        Assert.Equal(["['amount']"], Same(q => q.Any(r => r.Amount < -900)));
        Assert.Equal(["['day']"], Same(q => q.All(r => r.Day.Year == 2024)));
        Assert.Equal(["['id']"], Same(q => q.Where(r => r.Id >= 5).Skip(2).Count()));
    }

    [Fact]
    public async Task Async_forms_count_every_row()
    {
        var everything = true;
        AsksForTheCheapestColumn(await SameAsync(q => q.CountAsync(), q => q.Count()));
        AsksForTheCheapestColumn(await SameAsync(q => q.LongCountAsync(), q => q.LongCount()));
        AsksForTheCheapestColumn(await SameAsync(q => q.AnyAsync(), q => q.Any()));
        AsksForTheCheapestColumn(await SameAsync(q => q.AllAsync(_ => everything), q => q.All(_ => everything)));
        AsksForTheCheapestColumn(await SameAsync(q => q.SumAsync(_ => 1L), q => q.Sum(_ => 1L)));
        AsksForTheCheapestColumn(await SameAsync(q => q.MinAsync(_ => 2), q => q.Min(_ => 2)));
        AsksForTheCheapestColumn(await SameAsync(q => q.MaxAsync(_ => 2), q => q.Max(_ => 2)));
        AsksForTheCheapestColumn(await SameAsync(q => q.AverageAsync(_ => 2.5), q => q.Average(_ => 2.5)));
        AsksForTheCheapestColumn(await SameAsync(q => q.Select(_ => 9).FirstAsync(), q => q.Select(_ => 9).First()));
        AsksForTheCheapestColumn(await SameAsync(q => q.Select(_ => 9).LastOrDefaultAsync(), q => q.Select(_ => 9).LastOrDefault()));
        AsksForTheCheapestColumn(await SameAsync(q => q.Select(_ => 9).ToListAsync(), q => q.Select(_ => 9).ToList()));
        Assert.Equal(["['id']"], await SameAsync(q => q.CountAsync(r => r.Id < 7), q => q.Count(r => r.Id < 7)));
        Assert.Equal(["['flag']"], await SameAsync(q => q.Where(r => !r.Flag).LongCountAsync(), q => q.Where(r => !r.Flag).LongCount()));
    }

    [Fact]
    public void A_schema_without_columns_counts_the_rows_its_batches_declare()
    {
        var source = PythonSource.Open<Empty>("linq_sources", "NoColumns", new Dictionary<string, string> { ["sizes"] = "5,0,3", ["batch"] = "2" });
        Assert.Equal(8, source.Count());
        Assert.Equal(8L, source.LongCount());
        Assert.True(source.Any());
        Assert.Equal(8, source.Select(_ => 1).ToList().Count);
    }

    public sealed class Empty;
}
