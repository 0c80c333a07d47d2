namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// One query per overload of System.Linq.Queryable (at least), written as a user would, over a source <c>q</c> of
/// rows and a second source <c>o</c>. <see cref="QueryableOperatorTests"/> runs each on Python sources and on
/// LINQ to Objects and checks by reflection that together they call every public Queryable method.
/// </summary>
internal static class QueryableOperatorCases
{
    public delegate object? Case(IQueryable<Row> q, IQueryable<Row> o);

    /// <summary>
    /// Overloads LINQ to Objects cannot run (Queryable's obsolete MinBy/MaxBy with an IComparer&lt;TSource&gt; has no
    /// Enumerable twin; EnumerableQuery fails on it): rejected with a QueryTranslationException instead.
    /// </summary>
    public static readonly HashSet<string> Rejected = ["MaxBy comparer of rows", "MinBy comparer of rows"];

    private static readonly StringComparer Ordinal = StringComparer.Ordinal;
    private static readonly IComparer<long> Descending = Comparer<long>.Create((a, b) => b.CompareTo(a));
    private static readonly IComparer<Row> ById = Comparer<Row>.Create((a, b) => a.Id.CompareTo(b.Id));
    private static readonly IEqualityComparer<Row> SameId = EqualityComparer<Row>.Create((a, b) => a?.Id == b?.Id, r => r.Id.GetHashCode());
    private static readonly IEqualityComparer<string?> IgnoreCase = StringComparer.OrdinalIgnoreCase;
    private static readonly IEqualityComparer<long> Parity = EqualityComparer<long>.Create((a, b) => a % 2 == b % 2, x => (int)(x % 2));

    public static IEnumerable<(string Name, Case Run)> All()
    {
        // Aggregation and quantifiers
        yield return ("Aggregate", (q, o) => q.Select(r => r.Id).Aggregate((a, b) => a * 3 + b));
        yield return ("Aggregate seed", (q, o) => q.Aggregate(7L, (acc, r) => acc + r.I32));
        yield return ("Aggregate seed result", (q, o) => q.Aggregate("", (acc, r) => acc + r.Cat, acc => acc.Length));
        yield return ("Aggregate rows", (q, o) => q.Aggregate((a, b) => a.Id > b.Id ? a : b).Id);
        yield return ("AggregateBy seed", (q, o) => q.AggregateBy(r => r.Cat, 0L, (acc, r) => acc + r.Id).OrderBy(p => p.Key).ToList());
        yield return ("AggregateBy seed selector", (q, o) => q.AggregateBy(r => r.Cat, k => k.Length, (acc, r) => acc + r.I32, IgnoreCase).ToList());
        yield return ("All", (q, o) => q.All(r => r.Id > 3));
        yield return ("Any", (q, o) => q.Any());
        yield return ("Any predicate", (q, o) => q.Any(r => r.Cat == "b"));
        yield return ("Contains", (q, o) => q.Select(r => r.Id).Contains(7L));
        yield return ("Contains comparer", (q, o) => q.Select(r => r.Name).Contains("ANN", IgnoreCase));
        yield return ("Count", (q, o) => q.Count());
        yield return ("Count predicate", (q, o) => q.Count(r => r.Flag));
        yield return ("LongCount", (q, o) => q.LongCount());
        yield return ("LongCount predicate", (q, o) => q.LongCount(r => r.Score > 1));
        yield return ("CountBy", (q, o) => q.CountBy(r => r.Cat).OrderBy(p => p.Key).ToList());
        yield return ("SequenceEqual", (q, o) => q.Select(r => r.Id).SequenceEqual(o.Select(r => r.Id)));
        yield return ("SequenceEqual comparer", (q, o) => q.Select(r => r.Id).SequenceEqual(q.Select(r => r.Id + 2), Parity));
        yield return ("Max", (q, o) => q.Select(r => r.Name).Max());
        yield return ("Max comparer", (q, o) => q.Max(ById)?.Id);
        yield return ("Max selector", (q, o) => q.Max(r => r.Ts));
        yield return ("MaxBy", (q, o) => q.MaxBy(r => r.Score)?.Id);
        yield return ("MaxBy source comparer", (q, o) => q.MaxBy(r => r, ById)?.Id);
#pragma warning disable SYSLIB0061 // the obsolete overload with an IComparer<TSource> is still a public Queryable method
        yield return ("MaxBy comparer of rows", (q, o) => Queryable.MaxBy<Row, long>(q, r => r.Id, ById)?.Id);
#pragma warning restore SYSLIB0061
        yield return ("MaxBy key comparer", (q, o) => q.MaxBy(r => r.Id, Descending)?.Id);
        yield return ("Min", (q, o) => q.Select(r => r.Day).Min());
        yield return ("Min comparer", (q, o) => q.Min(ById)?.Id);
        yield return ("Min selector", (q, o) => q.Min(r => r.Amount));
        yield return ("MinBy", (q, o) => q.MinBy(r => r.Name)?.Id);
        yield return ("MinBy source comparer", (q, o) => q.MinBy(r => r, ById)?.Id);
#pragma warning disable SYSLIB0061
        yield return ("MinBy comparer of rows", (q, o) => Queryable.MinBy<Row, long>(q, r => r.Id, ById)?.Id);
#pragma warning restore SYSLIB0061
        yield return ("MinBy key comparer", (q, o) => q.MinBy(r => r.Id, Descending)?.Id);
        foreach (var sum in Sums()) yield return sum;

        // Elements
        yield return ("ElementAt", (q, o) => q.ElementAt(3).Id);
        yield return ("ElementAt out of range", (q, o) => q.ElementAt(500).Id);
        yield return ("ElementAt index from end", (q, o) => q.ElementAt(^2).Id);
        yield return ("ElementAtOrDefault", (q, o) => q.ElementAtOrDefault(4)?.Id);
        yield return ("ElementAtOrDefault index", (q, o) => q.ElementAtOrDefault(^40)?.Id);
        yield return ("First", (q, o) => q.First().Id);
        yield return ("First predicate", (q, o) => q.First(r => r.Id > 10).Id);
        yield return ("FirstOrDefault", (q, o) => q.FirstOrDefault()?.Id);
        yield return ("FirstOrDefault default", (q, o) => q.Select(r => r.Id).FirstOrDefault(-1));
        yield return ("FirstOrDefault predicate", (q, o) => q.FirstOrDefault(r => r.Id > 100)?.Id);
        yield return ("FirstOrDefault predicate default", (q, o) => q.Select(r => r.I32).FirstOrDefault(x => x > 1000, -5));
        yield return ("Last", (q, o) => q.Last().Id);
        yield return ("Last predicate", (q, o) => q.Last(r => r.Flag).Id);
        yield return ("LastOrDefault", (q, o) => q.LastOrDefault()?.Id);
        yield return ("LastOrDefault default", (q, o) => q.Select(r => r.Cat).LastOrDefault("none"));
        yield return ("LastOrDefault predicate", (q, o) => q.LastOrDefault(r => r.Id < 0)?.Id);
        yield return ("LastOrDefault predicate default", (q, o) => q.Select(r => r.Id).LastOrDefault(x => x > 5, -1L));
        yield return ("Single", (q, o) => q.Where(r => r.Id == 5).Single().Id);
        yield return ("Single too many", (q, o) => q.Single().Id);
        yield return ("Single predicate", (q, o) => q.Single(r => r.Id == 9).Id);
        yield return ("SingleOrDefault", (q, o) => q.Where(r => r.Id > 1000).SingleOrDefault()?.Id);
        yield return ("SingleOrDefault default", (q, o) => q.Select(r => r.Id).Where(x => x == 2).SingleOrDefault(-1L));
        yield return ("SingleOrDefault predicate", (q, o) => q.SingleOrDefault(r => r.Id == 2)?.Id);
        yield return ("SingleOrDefault predicate default", (q, o) => q.Select(r => r.Id).SingleOrDefault(x => x > 2, -1L));

        // Sequences
        yield return ("Append", (q, o) => q.Select(r => r.Id).Append(99L).ToList());
        yield return ("Prepend", (q, o) => q.Select(r => r.Cat).Prepend("first").ToList());
        yield return ("AsQueryable", (q, o) => q.Select(r => r.Id).AsQueryable().Where(x => x > 2).ToList());
        yield return ("AsQueryable in a lambda", (q, o) => q.Select(r => new[] { r.Id, r.I32 }.AsQueryable().Count(x => x > 3)).ToList());
        yield return ("AsQueryable untyped in a lambda", (q, o) => q.Select(r => ((System.Collections.IEnumerable)new[] { r.Cat }).AsQueryable().ElementType.Name).ToList());
        yield return ("AsQueryable untyped", (q, o) => ((IQueryable)q.Select(r => r.Id)).AsQueryable().Cast<long>().ToList());
        yield return ("Cast", (q, o) => q.Select(r => (object)r.Id).Cast<long>().ToList());
        yield return ("OfType", (q, o) => q.Select(r => r.Score.HasValue ? (object)r.Score.Value : r.Cat).OfType<string>().ToList());
        yield return ("Chunk", (q, o) => q.Select(r => r.Id).Chunk(4).Select(c => string.Join("+", c)).ToList());
        yield return ("DefaultIfEmpty", (q, o) => q.Where(r => r.Id > 500).Select(r => r.Id).DefaultIfEmpty().ToList());
        yield return ("DefaultIfEmpty value", (q, o) => q.Where(r => r.Id > 500).Select(r => r.Cat).DefaultIfEmpty("none").ToList());
        yield return ("Distinct", (q, o) => q.Select(r => r.Cat).Distinct().ToList());
        yield return ("Distinct comparer", (q, o) => q.Select(r => r.Name).Distinct(IgnoreCase).ToList());
        yield return ("DistinctBy", (q, o) => q.DistinctBy(r => r.Cat).Select(r => r.Id).ToList());
        yield return ("DistinctBy comparer", (q, o) => q.DistinctBy(r => r.Name, IgnoreCase).Select(r => r.Id).ToList());
        yield return ("Index", (q, o) => q.Select(r => r.Id).Index().Where(p => p.Index % 2 == 0).ToList());
        yield return ("Reverse", (q, o) => q.Select(r => r.Id).Reverse().ToList());
        yield return ("Shuffle", (q, o) => q.Select(r => r.Id).Shuffle().Order().ToList());
        yield return ("Skip", (q, o) => q.Skip(4).Select(r => r.Id).ToList());
        yield return ("SkipLast", (q, o) => q.SkipLast(4).Select(r => r.Id).ToList());
        yield return ("SkipWhile", (q, o) => q.SkipWhile(r => r.Id < 8).Select(r => r.Id).ToList());
        yield return ("SkipWhile index", (q, o) => q.SkipWhile((r, i) => i < 3 || r.Flag).Select(r => r.Id).ToList());
        yield return ("Take", (q, o) => q.Take(5).Select(r => r.Id).ToList());
        yield return ("Take range", (q, o) => q.Take(2..6).Select(r => r.Id).ToList());
        yield return ("Take range from end", (q, o) => q.Take(^5..).Select(r => r.Id).ToList());
        yield return ("TakeLast", (q, o) => q.TakeLast(3).Select(r => r.Id).ToList());
        yield return ("TakeWhile", (q, o) => q.TakeWhile(r => r.Id < 12).Select(r => r.Id).ToList());
        yield return ("TakeWhile index", (q, o) => q.TakeWhile((r, i) => i < 7).Select(r => r.Name).ToList());
        yield return ("Select", (q, o) => q.Select(r => new { r.Id, r.Cat }).ToList());
        yield return ("Select index", (q, o) => q.Select((r, i) => r.Id * 100 + i).ToList());
        yield return ("SelectMany list column", (q, o) => q.SelectMany(r => r.Cat.ToCharArray()).ToList());
        yield return ("SelectMany index", (q, o) => q.SelectMany((r, i) => Enumerable.Repeat(r.Id, i % 3)).ToList());
        yield return ("SelectMany index result", (q, o) => q.SelectMany((r, i) => new[] { i, r.I32 }, (r, x) => r.Id + x).ToList());
        yield return ("SelectMany source", (q, o) => q.SelectMany(r => o.Where(x => x.Id == r.Id + 1), (r, x) => r.Id * 1000 + x.I32).ToList());
        yield return ("Where", (q, o) => q.Where(r => r.Cat != "a").Select(r => r.Id).ToList());
        yield return ("Where index", (q, o) => q.Where((r, i) => i % 3 == 1).Select(r => r.Id).ToList());

        // Ordering
        yield return ("Order", (q, o) => q.Select(r => r.Id).Order().ToList());
        yield return ("Order comparer", (q, o) => q.Select(r => r.Id).Order(Descending).ToList());
        yield return ("OrderDescending", (q, o) => q.Select(r => r.Name).OrderDescending().ToList());
        yield return ("OrderDescending comparer", (q, o) => q.Select(r => r.Name).OrderDescending(Ordinal).ToList());
        yield return ("OrderBy", (q, o) => q.OrderBy(r => r.Score).Select(r => r.Id).ToList());
        yield return ("OrderBy comparer", (q, o) => q.OrderBy(r => r.Name, Ordinal).Select(r => r.Id).ToList());
        yield return ("OrderByDescending", (q, o) => q.OrderByDescending(r => r.Day).Select(r => r.Id).ToList());
        yield return ("OrderByDescending comparer", (q, o) => q.OrderByDescending(r => r.Id, Descending).Select(r => r.Id).ToList());
        yield return ("ThenBy", (q, o) => q.OrderBy(r => r.Cat).ThenBy(r => r.Name).Select(r => r.Id).ToList());
        yield return ("ThenBy comparer", (q, o) => q.OrderBy(r => r.Cat).ThenBy(r => r.Name, Ordinal).Select(r => r.Id).ToList());
        yield return ("ThenByDescending", (q, o) => q.OrderBy(r => r.Flag).ThenByDescending(r => r.Id).Select(r => r.Id).ToList());
        yield return ("ThenByDescending comparer", (q, o) => q.OrderBy(r => r.Flag).ThenByDescending(r => r.Id, Descending).Select(r => r.Id).ToList());

        // Grouping
        yield return ("GroupBy", (q, o) => q.GroupBy(r => r.Cat).Select(g => g.Key + ":" + string.Join(",", g.Select(x => x.Id))).ToList());
        yield return ("GroupBy element", (q, o) => q.GroupBy(r => r.Cat, r => r.Id).Select(g => g.Key + ":" + g.Sum()).ToList());
        yield return ("GroupBy comparer", (q, o) => q.GroupBy(r => r.Name, IgnoreCase).Select(g => g.Count()).ToList());
        yield return ("GroupBy element comparer", (q, o) => q.GroupBy(r => r.Name, r => r.I32, IgnoreCase).Select(g => g.Max()).ToList());
        yield return ("GroupBy element result", (q, o) => q.GroupBy(r => r.Cat, r => r.I32, (k, xs) => k + xs.Count()).ToList());
        yield return ("GroupBy result", (q, o) => q.GroupBy(r => r.Flag, (k, rs) => new { k, N = rs.Count() }).ToList());
        yield return ("GroupBy result comparer", (q, o) => q.GroupBy(r => r.Name, (k, rs) => rs.Count(), IgnoreCase).ToList());
        yield return ("GroupBy element result comparer", (q, o) => q.GroupBy(r => r.Cat, r => r.Id, (k, xs) => xs.Min(), IgnoreCase).ToList());

        // Two sources
        yield return ("Concat", (q, o) => q.Select(r => r.Id).Concat(o.Select(r => r.Id)).ToList());
        yield return ("Union", (q, o) => q.Select(r => r.Cat).Union(o.Select(r => r.Name)).ToList());
        yield return ("Union comparer", (q, o) => q.Select(r => r.Name).Union(o.Select(r => r.Name), IgnoreCase).ToList());
        yield return ("UnionBy", (q, o) => q.UnionBy(o, r => r.Cat).Select(r => r.Id).ToList());
        yield return ("UnionBy comparer", (q, o) => q.UnionBy(o, r => r.Name, IgnoreCase).Select(r => r.Id).ToList());
        yield return ("Intersect", (q, o) => q.Select(r => r.I32).Intersect(o.Select(r => r.I32)).ToList());
        yield return ("Intersect comparer", (q, o) => q.Select(r => r.Id).Intersect(o.Select(r => r.Id + 1), Parity).ToList());
        yield return ("IntersectBy", (q, o) => q.IntersectBy(o.Select(r => r.Id * 2), r => r.Id).Select(r => r.Id).ToList());
        yield return ("IntersectBy comparer", (q, o) => q.IntersectBy(o.Select(r => r.Cat), r => r.Name, IgnoreCase).Select(r => r.Id).ToList());
        yield return ("Except", (q, o) => q.Select(r => r.Id).Except(o.Select(r => r.Id * 2)).ToList());
        yield return ("Except comparer", (q, o) => q.Select(r => r.Name).Except(o.Select(r => r.Cat), IgnoreCase).ToList());
        yield return ("ExceptBy", (q, o) => q.ExceptBy(o.Select(r => r.Cat), r => r.Cat).Select(r => r.Id).ToList());
        yield return ("ExceptBy comparer", (q, o) => q.ExceptBy(o.Select(r => r.Id), r => r.Id, Parity).Select(r => r.Id).ToList());
        yield return ("Join", (q, o) => q.Join(o, r => r.I32 % 5, x => x.I32 % 5, (r, x) => new { r.Id, X = x.Id }).ToList());
        yield return ("Join comparer", (q, o) => q.Join(o, r => r.Cat, x => x.Name, (r, x) => r.Id * 100 + x.Id, IgnoreCase).ToList());
        yield return ("Join in memory", (q, o) => q.Join(new[] { 1L, 3L, 5L, 16L }, r => r.Id, x => x, (r, x) => r.Name).ToList());
        yield return ("GroupJoin", (q, o) => q.GroupJoin(o, r => r.Cat, x => x.Cat, (r, xs) => new { r.Id, N = xs.Count() }).ToList());
        yield return ("GroupJoin comparer", (q, o) => q.GroupJoin(o, r => r.Name, x => x.Cat, (r, xs) => xs.Sum(x => x.I32), IgnoreCase).ToList());
        yield return ("LeftJoin", (q, o) => q.LeftJoin(o, r => r.Id, x => x.Id * 2, (r, x) => new { r.Id, X = x == null ? -1 : x.I32 }).ToList());
        yield return ("LeftJoin comparer", (q, o) => q.LeftJoin(o, r => r.Name, x => x.Name, (r, x) => r.Id + ":" + (x == null ? "" : x.Cat), IgnoreCase).ToList());
        yield return ("RightJoin", (q, o) => q.RightJoin(o, r => r.Id * 2, x => x.Id, (r, x) => new { R = r == null ? -1 : r.Id, x.Id }).ToList());
        yield return ("RightJoin comparer", (q, o) => q.RightJoin(o, r => r.Cat, x => x.Name, (r, x) => (r == null ? "" : r.Cat) + x.Id, IgnoreCase).ToList());
        yield return ("Zip", (q, o) => q.Select(r => r.Id).Zip(o.Select(r => r.Cat)).ToList());
        yield return ("Zip result", (q, o) => q.Zip(o, (a, b) => a.Id - b.Id).ToList());
        yield return ("Zip three", (q, o) => q.Select(r => r.Id).Zip(o.Select(r => r.Name), o.Select(r => r.Flag)).ToList());
        yield return ("Sub-query Any", (q, o) => q.Where(r => o.Any(x => x.Id == r.Id + 3)).Select(r => r.Id).ToList());
        yield return ("Sub-query filtered", (q, o) => q.Select(r => new { r.Id, N = o.Where(x => x.Flag).Count(x => x.I32 < r.I32) }).ToList());
        yield return ("Sub-query value", (q, o) => q.Where(r => r.Id < o.Max(x => x.Id)).Select(r => r.Id).ToList());
        yield return ("Sub-query value of empty", (q, o) => q.Where(r => r.Id < o.Where(x => x.Id > 1000).Max(x => x.Id)).Select(r => r.Id).ToList());
    }

    private static IEnumerable<(string, Case)> Sums()
    {
        yield return ("Sum int", (q, o) => q.Select(r => r.I32).Sum());
        yield return ("Sum int?", (q, o) => q.Select(r => (int?)r.I32).Sum());
        yield return ("Sum long", (q, o) => q.Select(r => r.Id).Sum());
        yield return ("Sum long?", (q, o) => q.Select(r => (long?)r.Id).Sum());
        yield return ("Sum float", (q, o) => q.Select(r => (float)r.I32).Sum());
        yield return ("Sum float?", (q, o) => q.Select(r => (float?)r.Score).Sum());
        yield return ("Sum double", (q, o) => q.Select(r => r.Score ?? 0).Sum());
        yield return ("Sum double?", (q, o) => q.Select(r => r.Score).Sum());
        yield return ("Sum decimal", (q, o) => q.Select(r => r.Amount ?? 1m).Sum());
        yield return ("Sum decimal?", (q, o) => q.Select(r => r.Amount).Sum());
        yield return ("Sum int selector", (q, o) => q.Sum(r => r.I32));
        yield return ("Sum int? selector", (q, o) => q.Sum(r => (int?)r.I32));
        yield return ("Sum long selector", (q, o) => q.Sum(r => r.Id));
        yield return ("Sum long? selector", (q, o) => q.Sum(r => (long?)r.Id));
        yield return ("Sum float selector", (q, o) => q.Sum(r => (float)r.I32));
        yield return ("Sum float? selector", (q, o) => q.Sum(r => (float?)r.Score));
        yield return ("Sum double selector", (q, o) => q.Sum(r => r.Score ?? 2));
        yield return ("Sum double? selector", (q, o) => q.Sum(r => r.Score));
        yield return ("Sum decimal selector", (q, o) => q.Sum(r => r.Amount ?? 0m));
        yield return ("Sum decimal? selector", (q, o) => q.Sum(r => r.Amount));
        yield return ("Average int", (q, o) => q.Select(r => r.I32).Average());
        yield return ("Average int?", (q, o) => q.Select(r => (int?)r.I32).Average());
        yield return ("Average long", (q, o) => q.Select(r => r.Id).Average());
        yield return ("Average long?", (q, o) => q.Select(r => (long?)r.Id).Average());
        yield return ("Average float", (q, o) => q.Select(r => (float)r.I32).Average());
        yield return ("Average float?", (q, o) => q.Select(r => (float?)r.Score).Average());
        yield return ("Average double", (q, o) => q.Select(r => r.Score ?? 0).Average());
        yield return ("Average double?", (q, o) => q.Select(r => r.Score).Average());
        yield return ("Average decimal", (q, o) => q.Select(r => r.Amount ?? 1m).Average());
        yield return ("Average decimal?", (q, o) => q.Select(r => r.Amount).Average());
        yield return ("Average int selector", (q, o) => q.Average(r => r.I32));
        yield return ("Average int? selector", (q, o) => q.Average(r => (int?)r.I32));
        yield return ("Average long selector", (q, o) => q.Average(r => r.Id));
        yield return ("Average long? selector", (q, o) => q.Average(r => (long?)r.Id));
        yield return ("Average float selector", (q, o) => q.Average(r => (float)r.I32));
        yield return ("Average float? selector", (q, o) => q.Average(r => (float?)r.Score));
        yield return ("Average double selector", (q, o) => q.Average(r => r.Score ?? 2));
        yield return ("Average double? selector", (q, o) => q.Average(r => r.Score));
        yield return ("Average decimal selector", (q, o) => q.Average(r => r.Amount ?? 0m));
        yield return ("Average decimal? selector", (q, o) => q.Average(r => r.Amount));
    }
}
