using System.Linq.Expressions;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>A captured variable, as a closure holds it: the generated predicates read values through it.</summary>
public sealed class Captured<T>(T value)
{
    public T Value = value;
}

public sealed record Rec(long Id, double? Score);

/// <summary>
/// Seeded random LINQ queries over <see cref="Row"/>: predicates from a grammar covering every pushable form and
/// unpushable ones (as constants or captured values), row-preserving operators (Where, OrderBy/ThenBy, Skip,
/// Take, in any order, so re-linq nests query models), then one terminal from a table covering every operator.
/// </summary>
internal sealed class QueryGenerator(int seed)
{
    private static readonly ParameterExpression R = Expression.Parameter(typeof(Row), "r");
    private readonly Random _random = new(seed);

    public sealed record Query(string Description, Func<IQueryable<Row>, object?> Run, Func<IQueryable<Row>, Task<object?>>? RunAsync);

    public Query Next()
    {
        var stages = new List<(string, Func<IQueryable<Row>, IQueryable<Row>>)>();
        var count = _random.Next(0, 4);
        for (var i = 0; i < count; i++) stages.Add(Stage());
        var (name, run, runAsync) = Terminals[_random.Next(Terminals.Length)](this);
        IQueryable<Row> Apply(IQueryable<Row> q) => stages.Aggregate(q, (current, stage) => stage.Item2(current));
        var description = string.Join(".", stages.Select(s => s.Item1).Append(name));
        return new Query(description, q => run(Apply(q)), runAsync is null ? null : q => runAsync(Apply(q)));
    }

    private (string, Func<IQueryable<Row>, IQueryable<Row>>) Stage()
    {
        switch (_random.Next(10))
        {
            case < 5:
                var predicate = Predicate(0);
                var lambda = Expression.Lambda<Func<Row, bool>>(predicate, R);
                return ($"Where({lambda})", q => q.Where(lambda));
            case 5:
                return ("OrderBy(I32).ThenBy(Id)", q => q.OrderBy(r => r.I32).ThenBy(r => r.Id));
            case 6:
                return ("OrderByDescending(Name).ThenByDescending(Score)", q => q.OrderByDescending(r => r.Name).ThenByDescending(r => r.Score));
            case 7:
                var skip = new Captured<int>(_random.Next(0, 6));
                return ($"Skip({skip.Value})", q => q.Skip(skip.Value));
            default:
                var take = new Captured<int>(_random.Next(0, 12));
                return ($"Take({take.Value})", q => q.Take(take.Value));
        }
    }

    private Expression Predicate(int depth)
    {
        var choice = _random.Next(depth >= 2 ? 10 : 14);
        return choice switch
        {
            10 => Expression.AndAlso(Predicate(depth + 1), Predicate(depth + 1)),
            11 => Expression.OrElse(Predicate(depth + 1), Predicate(depth + 1)),
            12 => Expression.Not(Predicate(depth + 1)),
            13 => Expression.AndAlso(Predicate(depth + 1), Expression.Not(Predicate(depth + 1))),
            _ => Atom(),
        };
    }

    private Expression Value<T>(T value) =>
        _random.Next(2) == 0 ? Expression.Constant(value, typeof(T)) : Expression.Field(Expression.Constant(new Captured<T>(value)), nameof(Captured<T>.Value));

    private Expression Compare(Expression column, Expression value)
    {
        var types = new[] { ExpressionType.Equal, ExpressionType.NotEqual, ExpressionType.LessThan, ExpressionType.LessThanOrEqual, ExpressionType.GreaterThan, ExpressionType.GreaterThanOrEqual };
        var type = types[_random.Next(types.Length)];
        if (column.Type == typeof(string) || column.Type == typeof(bool)) type = _random.Next(2) == 0 ? ExpressionType.Equal : ExpressionType.NotEqual;
        if (value.Type != column.Type) value = Expression.Convert(value, column.Type);
        return _random.Next(2) == 0 ? Expression.MakeBinary(type, column, value, false, null) : Expression.MakeBinary(Flip(type), value, column, false, null);
    }

    private static ExpressionType Flip(ExpressionType type) => type switch
    {
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        _ => type,
    };

    private Expression Member(string name) => Expression.Property(R, name);

    private Expression Atom()
    {
        switch (_random.Next(16))
        {
            case 0: return Compare(Member(nameof(Row.Id)), Value((long)_random.Next(-2, 22)));
            case 1: return Compare(Member(nameof(Row.I32)), Value(_random.Next(-55, 55)));
            case 2: return Compare(Member(nameof(Row.I32)), Value((long)_random.Next(-55, 55))); // widened column
            case 3: return Compare(Member(nameof(Row.Score)), Value<double?>(new double?[] { null, 0.0, 1.5, -3.75, 50, double.NaN }[_random.Next(6)]));
            case 4: return Compare(Member(nameof(Row.Amount)), Value<decimal?>(_random.Next(-800, 800) / 1m));
            case 5: return Compare(Member(nameof(Row.Name)), Value<string?>(new[] { "ann", "bob", "Éva", "", null }[_random.Next(5)]));
            case 6: return Compare(Member(nameof(Row.Cat)), Value(new[] { "a", "b", "c", "z" }[_random.Next(4)]));
            case 7: return _random.Next(3) == 0 ? Compare(Member(nameof(Row.Flag)), Value(_random.Next(2) == 0)) : Member(nameof(Row.Flag));
            case 8:
                var ids = Enumerable.Range(0, _random.Next(0, 5)).Select(_ => (long)_random.Next(0, 20)).ToArray();
                return Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(long)], Value(ids), Member(nameof(Row.Id)));
            case 9:
                var names = new List<string?> { "ann", "cy" };
                if (_random.Next(3) == 0) names.Add(null);
                return Expression.Call(Value(names), typeof(List<string?>).GetMethod(nameof(List<string>.Contains))!, Member(nameof(Row.Name)));
            case 10: return Compare(Member(nameof(Row.Ts)), Value(new DateTime(2024, 1, 1).AddMinutes(_random.Next(0, 20))));
            case 11: return Compare(Member(nameof(Row.Tsz)), Value(new DateTimeOffset(2024, 1, 1, _random.Next(0, 20), 0, 0, TimeSpan.FromHours(_random.Next(-2, 3)))));
            case 12: return Compare(Member(nameof(Row.Day)), Value(new DateOnly(2024, 1, 1).AddDays(_random.Next(0, 15))));
            case 13:
                Expression<Func<Row, bool>> startsWith = r => (r.Name ?? "").StartsWith("a");
                return new Replace(startsWith.Parameters[0], R).Visit(startsWith.Body);
            case 14:
                Expression<Func<Row, bool>> modulo = r => r.I32 % 3 == 0;
                return new Replace(modulo.Parameters[0], R).Visit(modulo.Body);
            default:
                var flag = new Captured<bool>(_random.Next(2) == 0);
                return Expression.Field(Expression.Constant(flag), nameof(Captured<bool>.Value));
        }
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private delegate (string, Func<IQueryable<Row>, object?>, Func<IQueryable<Row>, Task<object?>>?) Terminal(QueryGenerator generator);

    private static async Task<object?> Box<T>(Task<T> task) => await task;

    /// <summary>Every listed operator, each with its async twin where there is one.</summary>
    private static readonly Terminal[] Terminals =
    [
        _ => ("ToList", q => q.ToList().Select(r => r.Id).ToList(), async q => (await q.ToListAsync()).Select(r => r.Id).ToList()),
        _ => ("Select(Id)", q => q.Select(r => r.Id).ToList(), q => Box(q.Select(r => r.Id).ToArrayAsync())),
        _ => ("Select(anonymous)", q => q.Select(r => new { r.Id, r.Name, r.Flag }).ToList(), q => Box(q.Select(r => new { r.Id, r.Name, r.Flag }).ToListAsync())),
        _ => ("Select(record)", q => q.Select(r => new Rec(r.Id, r.Score)).ToList(), null),
        _ => ("Select(tuple)", q => q.Select(r => ValueTuple.Create(r.I32, r.Cat)).ToList(), null),
        _ => ("Select(computed)", q => q.Select(r => r.I32 * 2 + (r.Flag ? 1 : 0)).ToList(), null),
        _ => ("Select(conditional)", q => q.Select(r => r.Name == null ? "none" : r.Name.ToUpperInvariant() + r.Cat).ToList(), null),
        _ => ("Select(dates)", q => q.Select(r => new { r.Ts, r.Tsz, r.Day, r.Amount }).ToList(), null),
        g =>
        {
            var extra = new Captured<int>(g._random.Next(0, 5));
            return ($"Select(captured {extra.Value})", q => q.Select(r => r.I32 + extra.Value).ToList(), null);
        },
        _ => ("Count", q => q.Count(), q => Box(q.CountAsync())),
        _ => ("Count(pred)", q => q.Count(r => r.Flag), q => Box(q.CountAsync(r => r.Flag))),
        _ => ("LongCount", q => q.LongCount(), q => Box(q.LongCountAsync())),
        _ => ("LongCount(pred)", q => q.LongCount(r => r.I32 > 0), q => Box(q.LongCountAsync(r => r.I32 > 0))),
        _ => ("Sum(Id)", q => q.Sum(r => r.Id), q => Box(q.SumAsync(r => r.Id))),
        _ => ("Sum(I32)", q => q.Sum(r => r.I32), q => Box(q.SumAsync(r => r.I32))),
        _ => ("Sum(Score)", q => q.Sum(r => r.Score), q => Box(q.SumAsync(r => r.Score))),
        _ => ("Sum(Amount)", q => q.Sum(r => r.Amount), q => Box(q.SumAsync(r => r.Amount))),
        _ => ("Sum((long)I32)", q => q.Sum(r => (long)r.I32), null),
        _ => ("Sum(I32 * 2)", q => q.Sum(r => r.I32 * 2), null),
        _ => ("Sum(Select(Score))", q => q.Select(r => r.Score).Sum(), q => Box(q.Select(r => r.Score).SumAsync())),
        _ => ("Min(I32)", q => q.Min(r => r.I32), q => Box(q.MinAsync(r => r.I32))),
        _ => ("Min(Score)", q => q.Min(r => r.Score), q => Box(q.MinAsync(r => r.Score))),
        _ => ("Min(Name)", q => q.Min(r => r.Name), q => Box(q.MinAsync(r => r.Name))),
        _ => ("Max(Id)", q => q.Max(r => r.Id), q => Box(q.MaxAsync(r => r.Id))),
        _ => ("Max(Score ?? -1)", q => q.Max(r => r.Score ?? -1), null),
        _ => ("Max(Amount)", q => q.Max(r => r.Amount), null),
        _ => ("Max(Ts)", q => q.Max(r => r.Ts), null),
        _ => ("Max(Select(I32))", q => q.Select(r => r.I32).Max(), q => Box(q.Select(r => r.I32).MaxAsync())),
        _ => ("Average(I32)", q => q.Average(r => r.I32), q => Box(q.AverageAsync(r => r.I32))),
        _ => ("Average(Id)", q => q.Average(r => r.Id), null),
        _ => ("Average(Score)", q => q.Average(r => r.Score), q => Box(q.AverageAsync(r => r.Score))),
        _ => ("Average(Amount)", q => q.Average(r => r.Amount), null),
        _ => ("Average((double?)I32)", q => q.Average(r => (double?)r.I32), null),
        _ => ("First", q => q.First().Id, async q => (await q.FirstAsync()).Id),
        _ => ("First(pred)", q => q.First(r => r.I32 > 10).Id, async q => (await q.FirstAsync(r => r.I32 > 10)).Id),
        _ => ("FirstOrDefault", q => q.FirstOrDefault()?.Id, async q => (await q.FirstOrDefaultAsync())?.Id),
        _ => ("FirstOrDefault(pred)", q => q.FirstOrDefault(r => r.Name == "bob")?.Id, async q => (await q.FirstOrDefaultAsync(r => r.Name == "bob"))?.Id),
        _ => ("Single", q => q.Single().Id, async q => (await q.SingleAsync()).Id),
        _ => ("Single(pred)", q => q.Single(r => r.Id == 7).Id, async q => (await q.SingleAsync(r => r.Id == 7)).Id),
        _ => ("SingleOrDefault(pred)", q => q.SingleOrDefault(r => r.Id > 16)?.Id, async q => (await q.SingleOrDefaultAsync(r => r.Id > 16))?.Id),
        _ => ("Last", q => q.Last().Id, async q => (await q.LastAsync()).Id),
        _ => ("LastOrDefault(pred)", q => q.LastOrDefault(r => r.Flag)?.Id, async q => (await q.LastOrDefaultAsync(r => r.Flag))?.Id),
        _ => ("Select(Name).First", q => q.Select(r => r.Name).First(), null),
        _ => ("Any", q => q.Any(), q => Box(q.AnyAsync())),
        _ => ("Any(pred)", q => q.Any(r => r.Cat == "c" && r.I32 < 0), q => Box(q.AnyAsync(r => r.Cat == "c" && r.I32 < 0))),
        _ => ("All(pred)", q => q.All(r => r.I32 > -45), q => Box(q.AllAsync(r => r.I32 > -45))),
        _ => ("All(nullable)", q => q.All(r => r.Score > -50), null),
        _ => ("Select(Score).All", q => q.Select(r => r.Score).All(s => s == null || s < 90), null),
        g =>
        {
            var id = new Captured<long>(g._random.Next(0, 20));
            return ($"Contains({id.Value})", q => q.Select(r => r.Id).Contains(id.Value), q => Box(q.Select(r => r.Id).ContainsAsync(id.Value)));
        },
        _ => ("Contains(NaN)", q => q.Select(r => r.Score).Contains(double.NaN), null),
        _ => ("Contains(null)", q => q.Select(r => r.Name).Contains(null), null),
        _ => ("Distinct(Cat)", q => q.Select(r => r.Cat).Distinct().ToList(), q => Box(q.Select(r => r.Cat).Distinct().ToListAsync())),
        _ => ("Distinct(anonymous).Count", q => q.Select(r => new { r.Cat, r.Flag }).Distinct().Count(), q => Box(q.Select(r => new { r.Cat, r.Flag }).Distinct().CountAsync())),
        _ => ("Distinct.OrderBy", q => q.Select(r => r.Name).Distinct().OrderBy(n => n).ToList(), null),
        _ => ("GroupBy(Cat) aggregates",
            q => q.GroupBy(r => r.Cat).Select(g => new { g.Key, N = g.Count(), S = g.Sum(x => x.I32), M = g.Max(x => x.Score), A = g.Average(x => x.Amount) }).ToList(),
            q => Box(q.GroupBy(r => r.Cat).Select(g => new { g.Key, N = g.Count(), S = g.Sum(x => x.I32), M = g.Max(x => x.Score), A = g.Average(x => x.Amount) }).ToListAsync())),
        _ => ("GroupBy(Flag, Id)", q => q.GroupBy(r => r.Flag, r => r.Id).Select(g => new { g.Key, C = g.Count(), L = g.LongCount(x => x > 3), F = g.First() }).ToList(), null),
        _ => ("GroupBy(anonymous key).OrderBy", q => q.GroupBy(r => new { r.Cat, r.Flag }).OrderBy(g => g.Key.Cat).ThenBy(g => g.Key.Flag).Select(g => g.Key.Cat + g.Count()).ToList(), null),
        _ => ("GroupBy.Where", q => q.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList(), null),
        _ => ("GroupBy(result selector)", q => q.GroupBy(r => r.Day, (k, rows) => new { k, Ids = string.Join(",", rows.Select(x => x.Id)) }).ToList(), null),
        _ => ("GroupBy.Count", q => q.GroupBy(r => r.Cat).Count(), null),
        _ => ("GroupBy.First.Name", q => q.GroupBy(r => r.Cat).Select(g => g.First().Name).ToList(), null),
        _ => ("GroupBy.OrderBy within", q => q.GroupBy(r => r.Flag).Select(g => g.OrderByDescending(x => x.Score).ThenBy(x => x.Id).Select(x => x.Id).FirstOrDefault()).ToList(), null),
        _ => ("GroupBy distinct names", q => q.GroupBy(r => r.Cat).Select(g => new { g.Key, Names = g.Select(x => x.Name).Distinct().Count(), Any = g.Any(x => x.Flag) }).ToList(), null),
        _ => ("GroupBy.Take.Sum", q => q.GroupBy(r => r.Day).Take(2).Select(g => g.Sum(x => x.I32)).ToList(), q => Box(q.GroupBy(r => r.Day).Take(2).Select(g => g.Sum(x => x.I32)).ToListAsync())),
        _ => ("GroupBy.ToList", q => q.GroupBy(r => r.Cat).ToList().Select(g => g.Key + ":" + string.Join(",", g.Select(x => x.Id))).ToList(), null),
        _ => ("Select.Skip.Take", q => q.Select(r => new { r.Id, r.Score }).Skip(1).Take(4).ToList(), null),
        _ => ("OrderBy(Score).Select", q => q.OrderBy(r => r.Score).ThenBy(r => r.Id).Select(r => r.Score).ToList(), q => Box(q.OrderBy(r => r.Score).ThenBy(r => r.Id).Select(r => r.Score).ToListAsync())),
        _ => ("Select.Where.Select", q => q.Select(r => new { r.Id, Double = r.I32 * 2 }).Where(x => x.Double > 10).Select(x => x.Id).ToList(), null),
        _ => ("Reverse", q => q.Select(r => r.Id).Reverse().ToList(), null),
        _ => ("DefaultIfEmpty", q => q.Select(r => r.I32).DefaultIfEmpty(-1).ToList(), null),
        _ => ("Concat", q => q.Select(r => r.Id).Concat(new long[] { 100, 101 }).ToList(), null),
        _ => ("Cast", q => q.Select(r => r.Name).Cast<object>().ToList(), null),
    ];
}
