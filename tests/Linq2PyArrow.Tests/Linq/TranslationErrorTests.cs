namespace Linq2PyArrow.Tests.Linq;

/// <summary>Constructs the translator rejects, with exact messages; and .NET 6–10 shapes it handles.</summary>
public sealed class TranslationErrorTests
{
    private const string Advice = " Rewrite the query, or switch to client evaluation explicitly by inserting AsEnumerable() before this operator.";
    private static readonly IQueryable<Row> Source = LinqSources.Open<Row>("Ignoring", "6,0,9,3");
    private static readonly List<Row> Rows = Source.ToList();

    private static void Rejected(Action run, string expression, string reason)
    {
        var ex = Assert.Throws<QueryTranslationException>(run);
        Assert.Equal($"The LINQ expression '{expression}' could not be translated by Linq2PyArrow: {reason}{Advice}", ex.Message);
        Assert.Equal(expression, ex.Expression);
        Assert.Equal(reason, ex.Reason);
        Assert.IsAssignableFrom<NotSupportedException>(ex);
    }

    [Fact]
    public void Operators_added_in_dotnet_6_to_10_are_rejected_before_re_linq_sees_them()
    {
        var q = Source;
        Rejected(() => q.MinBy(r => r.Id), "PythonSource<Row>(linq_sources.Ignoring).MinBy(r => r.Id)", "MinBy is not supported.");
        Rejected(() => q.Where(r => r.Flag).MaxBy(r => r.Score), "PythonSource<Row>(linq_sources.Ignoring).Where(r => r.Flag).MaxBy(r => r.Score)", "MaxBy is not supported.");
        Rejected(() => q.Take(..5).ToList(), "PythonSource<Row>(linq_sources.Ignoring).Take(0..5)", "this overload of Take, Take(Range), is not supported.");
        Rejected(() => q.FirstOrDefault(new Row()), "PythonSource<Row>(linq_sources.Ignoring).FirstOrDefault(value(Linq2PyArrow.Tests.Infrastructure.Row))",
            "this overload of FirstOrDefault, FirstOrDefault(Row), is not supported.");
        Rejected(() => q.Index().ToList(), "PythonSource<Row>(linq_sources.Ignoring).Index()", "Index is not supported.");
        Rejected(() => q.CountBy(r => r.Cat).ToList(), "PythonSource<Row>(linq_sources.Ignoring).CountBy(r => r.Cat, null)", "CountBy is not supported.");
        Rejected(() => q.LeftJoin(q, r => r.Id, r => r.Id, (a, b) => a.Id).ToList(),
            "PythonSource<Row>(linq_sources.Ignoring).LeftJoin(PythonSource<Row>(linq_sources.Ignoring), r => r.Id, r => r.Id, (a, b) => a.Id)", "LeftJoin is not supported.");
    }

    [Fact]
    public void Overloads_re_linq_cannot_parse_are_rejected()
    {
        var q = Source;
        Rejected(() => q.Where((r, i) => i > 2).ToList(), "PythonSource<Row>(linq_sources.Ignoring).Where((r, i) => (i > 2))",
            "this overload of Where, Where(Func<Row, Int32, Boolean>), is not supported.");
        Rejected(() => q.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(), "PythonSource<Row>(linq_sources.Ignoring).OrderBy(r => r.Name, value(System.OrdinalCaseSensitiveComparer))",
            "this overload of OrderBy, OrderBy(Func<Row, String>, IComparer<String>), is not supported.");
        Rejected(() => q.Select(r => r.Cat).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            "PythonSource<Row>(linq_sources.Ignoring).Select(r => r.Cat).Distinct(value(System.OrdinalIgnoreCaseComparer))",
            "this overload of Distinct, Distinct(IEqualityComparer<String>), is not supported.");
        Rejected(() => q.SelectMany(r => r.Cat).ToList(), "PythonSource<Row>(linq_sources.Ignoring).SelectMany(r => r.Cat)", "SelectMany is not supported.");
        Rejected(() => q.ElementAt(2), "PythonSource<Row>(linq_sources.Ignoring).ElementAt(2)", "ElementAt is not supported.");
        Rejected(() => q.Select(r => r.I32).Aggregate((a, b) => a + b), "PythonSource<Row>(linq_sources.Ignoring).Select(r => r.I32).Aggregate((a, b) => (a + b))", "Aggregate is not supported.");
        Rejected(() => q.SkipWhile(r => r.Id < 3).ToList(), "PythonSource<Row>(linq_sources.Ignoring).SkipWhile(r => (r.Id < 3))", "SkipWhile is not supported.");
    }

    [Fact]
    public void Queries_inside_queries_are_rejected()
    {
        var q = Source;
        var other = Source;
        Rejected(() => q.Where(r => other.Any(x => x.Id == r.Id + 1)).ToList(), "PythonSource<Row>(linq_sources.Ignoring).Where(r => other.Any(x => (x.Id == (r.Id + 1))))",
            "another query (an IQueryable) cannot be used inside this one; run it first, e.g. with ToList(), and use its results.");
        Rejected(() => q.Select(r => r.Id).Concat(other.Select(r => r.Id)).ToList(),
            "PythonSource<Row>(linq_sources.Ignoring).Select(r => r.Id).Concat(PythonSource<Row>(linq_sources.Ignoring).Select(r => r.Id))",
            "another query (an IQueryable) cannot be used inside this one; run it first, e.g. with ToList(), and use its results.");
    }

    [Fact]
    public void Too_many_sort_keys_are_rejected()
    {
        Rejected(() => Source.OrderBy(r => r.Id).ThenBy(r => r.I32).ThenBy(r => r.Name).ThenBy(r => r.Score).ThenBy(r => r.Flag).ThenBy(r => r.Ts).ThenBy(r => r.Day).ToList(),
            "PythonSource<Row>(linq_sources.Ignoring).OrderBy(r => r.Id).ThenBy(r => r.I32).ThenBy(r => r.Name).ThenBy(r => r.Score).ThenBy(r => r.Flag).ThenBy(r => r.Ts).ThenBy(r => r.Day)",
            "a query may sort by at most 6 keys.");
    }

    [Fact]
    public void Dotnet_6_to_10_methods_inside_lambdas_run_as_written()
    {
        string[] names = ["ANN", "Bob"];
        int[] small = [1, 2, 3];
        Assert.Equal(Rows.Where(r => names.Contains(r.Name, StringComparer.OrdinalIgnoreCase)).Select(r => r.Id),
            Source.Where(r => names.Contains(r.Name, StringComparer.OrdinalIgnoreCase)).Select(r => r.Id));
        Assert.Equal(Rows.Select(r => new[] { r.I32, -r.I32 }.MinBy(x => x)),
            Source.Select(r => new[] { r.I32, -r.I32 }.MinBy(x => x)));
        var firstOne = new Range(0, 1);
        Assert.Equal(Rows.Select(r => r.Cat.ToCharArray().Take(firstOne).Count()), Source.Select(r => r.Cat.ToCharArray().Take(firstOne).Count()));
        Assert.Equal(Rows.Where(r => small.Contains(r.I32, null)).Select(r => r.Id), Source.Where(r => small.Contains(r.I32, null)).Select(r => r.Id));
        Assert.Equal(Rows.GroupBy(r => r.Cat).Select(g => g.First(x => x.Flag || x.Id >= 0).Id),
            Source.GroupBy(r => r.Cat).Select(g => g.First(x => x.Flag || x.Id >= 0).Id));
    }

    [Fact]
    public void Operators_before_where_nest_query_models_and_stay_correct()
    {
        Assert.Equal(Rows.Take(5).Where(r => r.Flag).Select(r => r.Id), Source.Take(5).Where(r => r.Flag).Select(r => r.Id));
        Assert.Equal(Rows.Take(4).Select(r => r), Source.Take(4).Select(r => r), ReferenceComparer);
        Assert.Equal(Rows.Select(r => r.Cat).Distinct().Where(c => c != "b"), Source.Select(r => r.Cat).Distinct().Where(c => c != "b"));
        Assert.Equal(Rows.OrderBy(r => r.I32).Take(6).OrderByDescending(r => r.Id).Select(r => r.Id),
            Source.OrderBy(r => r.I32).Take(6).OrderByDescending(r => r.Id).Select(r => r.Id));
        Assert.Equal(Rows.Skip(3).Take(8).Skip(2).Select(r => r.Id).Count(), Source.Skip(3).Take(8).Skip(2).Select(r => r.Id).Count());
    }

    private static readonly IEqualityComparer<Row> ReferenceComparer = EqualityComparer<Row>.Create((a, b) => a?.Id == b?.Id, r => r.Id.GetHashCode());
}
