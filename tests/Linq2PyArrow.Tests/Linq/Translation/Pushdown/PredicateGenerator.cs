using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace Linq2PyArrow.Tests.Linq.Translation.Pushdown;

/// <summary>A captured variable of a generated predicate; <see cref="Rebind"/> gives it another value of its pool.</summary>
internal interface ISlot
{
    string Name { get; }

    void Rebind(Random random);

    string Describe();
}

/// <summary>What a closure holds: the predicates read <see cref="Value"/> through a field, as C# compiles captures.</summary>
internal sealed class Slot<T>(string name, T[] pool, Random random) : ISlot
{
    public T Value = pool[random.Next(pool.Length)];

    public string Name { get; } = name;

    public void Rebind(Random random) => Value = pool[random.Next(pool.Length)];

    public string Describe() => $"{Name}={PredicateGenerator<object>.Show(Value)}";
}

/// <summary>A generated predicate and the captured variables it reads.</summary>
internal sealed record GeneratedPredicate<T>(Expression<Func<T, bool>> Lambda, IReadOnlyList<ISlot> Slots, string Text)
{
    public string Describe() => Slots.Count == 0 ? Text : $"{Text}  with {string.Join(", ", Slots.Select(s => s.Describe()))}";
}

/// <summary>
/// Seeded random predicates over the members of <typeparamref name="T"/> that exist (FullRow / SqliteRow): every
/// comparison form the pushdown recognises (either side, widened columns, object.Equals, typed Equals,
/// EqualityComparer, string.Equals, Contains over arrays and lists with nulls and NaN, bool members, null
/// checks), combined with &amp;&amp;, || and !, with constants or captured variables drawn from pools holding
/// the awkward values: NaN, ±0, infinities, integers beyond 2^53, sub-microsecond ticks, empty, NUL, non-BMP,
/// U+FFFD and lone-surrogate strings, null.
/// </summary>
internal sealed class PredicateGenerator<T>(int seed)
{
    // Awkward values are listed more than once, so each comparison form meets them often.
    private static readonly double[] Doubles =
        [double.NaN, double.NaN, double.NaN, -0.0, double.NegativeInfinity, double.PositiveInfinity, 9007199254740992.0, 0.0, 1.5, 2.5, 1e300, -7.25, 0.1, 5];
    private static readonly long[] Longs = [(1L << 53) + 1, long.MinValue, long.MaxValue, 0, 1, -1, 5, 7, 42, 1L << 53];
    private static readonly int[] Ints = [int.MaxValue, int.MinValue, -5, 0, 1, 5, 7, 3];
    private static readonly string?[] Strings =
        ["\uD800", "x\uDFFF", "\uD800", "a\0b", "a\0b", "\uFFFD", "\U0001F600", null, null, "", "a", "abc", "ABC", "\u00E4", "b"];
    private static readonly decimal?[] Decimals = [1.005m, null, 1.5m, 1.50m, -3.25m, 0m, 1.01m, -0.01m];
    private static readonly DateTime Epoch = new(2024, 1, 1);
    private static readonly DateTime?[] Times =
    [
        Epoch.AddTicks(1), Epoch.AddMinutes(2).AddTicks(9_999_991), DateTime.SpecifyKind(Epoch.AddMinutes(2), DateTimeKind.Utc), null,
        Epoch, Epoch.AddMinutes(1), Epoch.AddTicks(10), Epoch.AddMinutes(2).AddTicks(9_999_990), Epoch.AddMinutes(3),
    ];
    private static readonly DateTimeOffset?[] Instants =
    [
        new DateTimeOffset(Epoch.AddMinutes(2), TimeSpan.Zero).AddTicks(1), null, new DateTimeOffset(Epoch, TimeSpan.Zero),
        new DateTimeOffset(Epoch.AddMinutes(61), TimeSpan.FromHours(1)), new DateTimeOffset(Epoch.AddMinutes(3), TimeSpan.FromHours(-2)),
    ];
    private static readonly DateOnly?[] Days = [null, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 4)];

    private static readonly ExpressionType[] Orderings =
        [ExpressionType.Equal, ExpressionType.NotEqual, ExpressionType.LessThan, ExpressionType.LessThanOrEqual, ExpressionType.GreaterThan, ExpressionType.GreaterThanOrEqual];

    private readonly Random _random = new(seed);
    private readonly ParameterExpression _row = Expression.Parameter(typeof(T), "x");
    private List<ISlot> _slots = [];

    public Random Random => _random;

    public GeneratedPredicate<T> Next()
    {
        _slots = [];
        var body = Predicate(0);
        var lambda = Expression.Lambda<Func<T, bool>>(body, _row);
        return new GeneratedPredicate<T>(lambda, _slots, Printer.Print(lambda, _slots));
    }

    private Expression Predicate(int depth) => _random.Next(depth >= 2 ? 6 : 12) switch
    {
        6 or 7 => Expression.AndAlso(Predicate(depth + 1), Predicate(depth + 1)),
        8 or 9 => Expression.OrElse(Predicate(depth + 1), Predicate(depth + 1)),
        10 or 11 => Expression.Not(Predicate(depth + 1)),
        < 3 => Expression.Not(Atom()),
        _ => Atom(),
    };

    private Expression Atom()
    {
        var members = typeof(T).GetProperties();
        var member = members[_random.Next(members.Length)];
        var column = Expression.Property(_row, member);
        var core = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
        var nullable = Nullable.GetUnderlyingType(member.PropertyType) is not null || (core == typeof(string) && member.Name != "S");
        if (nullable && _random.Next(12) == 0)
            return _random.Next(2) == 0 ? Expression.Equal(column, Expression.Constant(null, member.PropertyType))
                : Expression.NotEqual(column, Expression.Constant(null, member.PropertyType));
        if (core == typeof(long)) return Integer(column, Longs);
        if (core == typeof(int)) return Integer(column, Ints);
        if (core == typeof(double) || core == typeof(float)) return Floating(column);
        if (core == typeof(string)) return Text(column, nullable);
        if (core == typeof(bool)) return Boolean(column, nullable);
        if (core == typeof(decimal)) return Compare(column, Value(Decimals));
        if (core == typeof(DateTime)) return Compare(column, Value(Times));
        if (core == typeof(DateTimeOffset)) return Compare(column, Value(Instants));
        return Compare(column, Value(Days));
    }

    private Expression Integer<TValue>(Expression column, TValue[] pool) where TValue : struct
    {
        switch (_random.Next(10))
        {
            case 0 or 1:
                return Compare(column, Value(Doubles)); // the column widened to double
            case 2:
                return Compare(column, Value(Longs)); // an int column widened to long
            case 3 or 4:
                // object.Equals boxes: equal only for the same runtime type.
                var other = _random.Next(2) == 0 ? Value(pool) : Value(Longs.Select(l => (int)l).ToArray());
                return ObjectEquals(column, other);
            case 5:
                return Contains(column, pool);
            case 6 when Nullable.GetUnderlyingType(column.Type) is null:
                return Expression.Call(column, column.Type.GetMethod(nameof(Equals), [column.Type])!, Value(pool));
            default:
                return Compare(column, Value(pool));
        }
    }

    private Expression Floating(Expression column)
    {
        switch (_random.Next(7))
        {
            case 0 or 1:
                return ObjectEquals(column, Value(Doubles));
            case 2:
                var comparer = typeof(EqualityComparer<>).MakeGenericType(column.Type);
                var defaultComparer = Expression.Property(null, comparer.GetProperty(nameof(EqualityComparer<int>.Default))!);
                return Expression.Call(defaultComparer, comparer.GetMethod(nameof(EqualityComparer<int>.Equals), [column.Type, column.Type])!,
                    column, Convert(Value(Doubles), column.Type));
            case 3:
                return Contains(column, Doubles);
            default:
                return Compare(column, Value(Doubles));
        }
    }

    private Expression Text(Expression column, bool nullable)
    {
        var value = Value(Strings);
        switch (_random.Next(7))
        {
            case 0:
                var (a, b) = Swap(column, value);
                return Expression.Call(typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!, a, b);
            case 1:
                return ObjectEquals(column, value);
            case 2:
                return Contains(column, Strings.Where(s => nullable || s is not null).ToArray());
            case 3 when !nullable:
                return Expression.Call(column, typeof(string).GetMethod(nameof(string.Equals), [typeof(string)])!, value);
            default:
                var (left, right) = Swap(column, value);
                return _random.Next(2) == 0 ? Expression.Equal(left, right) : Expression.NotEqual(left, right);
        }
    }

    private Expression Boolean(Expression column, bool nullable)
    {
        if (!nullable && _random.Next(2) == 0) return column;
        var value = nullable ? Value(new bool?[] { true, false, null }) : Value(new[] { true, false });
        var (left, right) = Swap(column, value);
        return _random.Next(2) == 0 ? Expression.Equal(left, right) : Expression.NotEqual(left, right);
    }

    private Expression Compare(Expression column, Expression value)
    {
        var type = Orderings[_random.Next(Orderings.Length)];
        var common = CommonType(column.Type, value.Type);
        var (left, right) = Swap(Convert(column, common), Convert(value, common));
        return Expression.MakeBinary(type, left, right);
    }

    private Expression ObjectEquals(Expression column, Expression value)
    {
        var (left, right) = Swap(Expression.Convert(column, typeof(object)), Expression.Convert(value, typeof(object)));
        return Expression.Call(typeof(object).GetMethod(nameof(Equals), BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(object)])!, left, right);
    }

    private Expression Contains<TValue>(Expression column, TValue[] pool)
    {
        var items = Enumerable.Range(0, _random.Next(0, 4)).Select(_ => pool[_random.Next(pool.Length)]).ToList();
        var itemType = column.Type;
        var converted = items.Select(i => i is null ? null : System.Convert.ChangeType(i, Nullable.GetUnderlyingType(itemType) ?? itemType, CultureInfo.InvariantCulture)).ToList();
        var listType = typeof(List<>).MakeGenericType(itemType);
        var list = (System.Collections.IList)Activator.CreateInstance(listType)!;
        foreach (var item in converted)
        {
            if (item is null && itemType.IsValueType && Nullable.GetUnderlyingType(itemType) is null) continue;
            list.Add(item);
        }
        object collection = _random.Next(2) == 0 ? list : ToArray(list, itemType);
        var collectionExpression = Capture(collection, collection.GetType());
        var contains = typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(itemType);
        return Expression.Call(contains, collectionExpression, column);
    }

    private static object ToArray(System.Collections.IList list, Type itemType)
    {
        var array = Array.CreateInstance(itemType, list.Count);
        list.CopyTo(array, 0);
        return array;
    }

    private (Expression, Expression) Swap(Expression column, Expression value) => _random.Next(2) == 0 ? (column, value) : (value, column);

    private Expression Value<TValue>(TValue[] pool)
    {
        var value = pool[_random.Next(pool.Length)];
        return _random.Next(2) == 0 ? Expression.Constant(value, typeof(TValue)) : Capture(pool);
    }

    private Expression Capture<TValue>(TValue[] pool)
    {
        var slot = new Slot<TValue>("c" + _slots.Count, pool, _random);
        _slots.Add(slot);
        return Expression.Field(Expression.Constant(slot), nameof(Slot<TValue>.Value));
    }

    /// <summary>A captured collection (not re-bound: a fixed list with the awkward items).</summary>
    private static Expression Capture(object value, Type type) => Expression.Constant(value, type);

    private static Type CommonType(Type column, Type value)
    {
        var nullable = Nullable.GetUnderlyingType(column) is not null || Nullable.GetUnderlyingType(value) is not null;
        var a = Nullable.GetUnderlyingType(column) ?? column;
        var b = Nullable.GetUnderlyingType(value) ?? value;
        var core = a == b ? a : a == typeof(double) || b == typeof(double) ? typeof(double) : typeof(long);
        return nullable ? typeof(Nullable<>).MakeGenericType(core) : core;
    }

    private static Expression Convert(Expression node, Type type) => node.Type == type ? node : Expression.Convert(node, type);

    /// <summary>A value as test output shows it: escapes for control characters and surrogates, R for doubles.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => "\"" + Escape(s) + "\"",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
            builder.Append(c < ' ' || char.IsSurrogate(c) || c == '\uFFFD' ? $"\\u{(int)c:X4}" : c.ToString());
        return builder.ToString();
    }

    /// <summary>The predicate with captured variables by name and constants shown by <see cref="Show"/>.</summary>
    private sealed class Printer(IReadOnlyList<ISlot> slots) : ExpressionVisitor
    {
        public static string Print(Expression lambda, IReadOnlyList<ISlot> slots) => new Printer(slots).Visit(lambda).ToString();

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression is ConstantExpression { Value: ISlot slot } && slots.Contains(slot)
                ? Expression.Parameter(node.Type, slot.Name)
                : base.VisitMember(node);

        protected override Expression VisitConstant(ConstantExpression node) =>
            node.Value is null or bool ? node : Expression.Parameter(node.Type, Show(node.Value));
    }
}
