namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// What the translator rejects (only what cannot run in .NET either), with exact messages; and shapes beyond it
/// (.NET 6–10 operators, comparers, indexes, other sources, many sort keys) that run in .NET like LINQ to Objects.
/// </summary>
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
    public void Operators_the_translator_does_not_take_run_in_dotnet_like_linq_to_objects()
    {
        var q = Source;
        var other = Source;
        Assert.Equal(Rows.MinBy(r => r.Id)!.Id, q.MinBy(r => r.Id)!.Id);
        Assert.Equal(Rows.Where(r => r.Flag).MaxBy(r => r.Score)?.Id, q.Where(r => r.Flag).MaxBy(r => r.Score)?.Id);
        Assert.Equal(Rows.Take(..5).Select(r => r.Id), q.Take(..5).Select(r => r.Id).ToList());
        Assert.Equal(Rows.Index().Select(p => p.Index + p.Item.Id), q.Index().Select(p => p.Index + p.Item.Id).ToList());
        Assert.Equal(Rows.CountBy(r => r.Cat), q.CountBy(r => r.Cat).ToList());
        Assert.Equal(Rows.LeftJoin(Rows, r => r.Id, r => r.Id + 1, (a, b) => a.Id * 100 + (b == null ? -1 : b.Id)),
            q.LeftJoin(other, r => r.Id, r => r.Id + 1, (a, b) => a.Id * 100 + (b == null ? -1 : b.Id)).ToList());
        Assert.Equal(Rows.Where((r, i) => i > 2).Select(r => r.Id), q.Where((r, i) => i > 2).Select(r => r.Id).ToList());
        Assert.Equal(Rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Id), q.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Id).ToList());
        Assert.Equal(Rows.Select(r => r.Cat).Distinct(StringComparer.OrdinalIgnoreCase), q.Select(r => r.Cat).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        Assert.Equal(Rows.SelectMany(r => r.Cat), q.SelectMany(r => r.Cat).ToList());
        Assert.Equal(Rows.ElementAt(2).Id, q.ElementAt(2).Id);
        Assert.Equal(Rows.Select(r => r.I32).Aggregate((a, b) => a + b), q.Select(r => r.I32).Aggregate((a, b) => a + b));
        Assert.Equal(Rows.SkipWhile(r => r.Id < 3).Select(r => r.Id), q.SkipWhile(r => r.Id < 3).Select(r => r.Id).ToList());
        Assert.Equal(Rows.Where(r => Rows.Any(x => x.Id == r.Id + 1)).Select(r => r.Id), q.Where(r => other.Any(x => x.Id == r.Id + 1)).Select(r => r.Id).ToList());
        Assert.Equal(Rows.Select(r => r.Id).Concat(Rows.Select(r => r.Id)), q.Select(r => r.Id).Concat(other.Select(r => r.Id)).ToList());
        Assert.Equal(Rows.OrderBy(r => r.Id).ThenBy(r => r.I32).ThenBy(r => r.Name).ThenBy(r => r.Score).ThenBy(r => r.Flag).ThenBy(r => r.Ts).ThenBy(r => r.Day).Select(r => r.Id),
            q.OrderBy(r => r.Id).ThenBy(r => r.I32).ThenBy(r => r.Name).ThenBy(r => r.Score).ThenBy(r => r.Flag).ThenBy(r => r.Ts).ThenBy(r => r.Day).Select(r => r.Id).ToList());
    }

    [Fact]
    public void A_method_that_is_not_a_LINQ_operator_is_rejected()
    {
        var call = System.Linq.Expressions.Expression.Call(typeof(NotAnOperator).GetMethod(nameof(NotAnOperator.Tagged))!.MakeGenericMethod(typeof(Row)), Source.Expression);
        Rejected(() => Source.Provider.CreateQuery<Row>(call).ToList(), "PythonSource<Row>(linq_sources.Ignoring).Tagged()",
            "NotAnOperator.Tagged is not a LINQ operator, so it can only run in its own provider. Call it on the results instead (after AsEnumerable() or ToList()).");
    }

    [Fact]
    public void An_overload_linq_to_objects_cannot_run_is_rejected()
    {
#pragma warning disable SYSLIB0061 // the obsolete overload is the point of this test
        var comparer = Comparer<Row>.Create((a, b) => a.Id.CompareTo(b.Id));
        var ex = Assert.Throws<QueryTranslationException>(() => Queryable.MinBy<Row, long>(Source, r => r.Id, comparer));
#pragma warning restore SYSLIB0061
        Assert.Equal("MinBy(Expression<Func<TSource, TKey>>, IComparer<TSource>) has no LINQ to Objects counterpart, so it cannot run anywhere; " +
                     "it is obsolete: use the overload whose comparer compares the keys.", ex.Reason);
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

public static class NotAnOperator
{
    /// <summary>An IQueryable extension that is not a Queryable operator (as a provider-specific one would be).</summary>
    public static IQueryable<T> Tagged<T>(this IQueryable<T> source) => source;
}
