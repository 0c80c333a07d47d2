using System.Linq.Expressions;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Linq.Translation.Pushdown;

/// <summary>
/// The filter contract's meaning (python/linq2pyarrow/filters): a row satisfies (column, op, value) exactly when
/// the .NET predicate holds. For every operator, over values with nulls, NaN, ±0, infinities, integers beyond 2^53
/// and odd strings, the package's evaluators (row by row, column-wise over lists, column-wise over numpy) keep
/// exactly the rows C#'s lifted operators and List.Contains keep. Values cross to Python as pushed filters do.
/// </summary>
public sealed class FilterContractTests
{
    private static readonly string[] Orderings = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly string[] Equalities = ["==", "!="];

    [Fact]
    public void Doubles_with_nulls_nan_signed_zeros_and_infinities() =>
        Agree(new double?[] { null, double.NaN, -0.0, 0.0, 1.5, double.NegativeInfinity, double.PositiveInfinity, -7.25 },
            new double?[] { double.NaN, -0.0, 0.0, 1.5, double.PositiveInfinity, double.NegativeInfinity }, Orderings);

    [Fact]
    public void Integers_with_nulls_and_values_beyond_two_to_the_53() =>
        Agree(new long?[] { null, 0, 5, (1L << 53) + 1, 1L << 53, long.MinValue, long.MaxValue, -1 },
            new long?[] { 0L, 5L, (1L << 53) + 1, long.MinValue, long.MaxValue }, Orderings);

    [Fact]
    public void Strings_empty_nul_non_bmp_and_replacement_character() =>
        Agree(new[] { null, "", "a\0b", "\U0001F600", "\uFFFD", "abc", "ABC", "\u00E4" },
            new string?[] { "", "a\0b", "\U0001F600", "\uFFFD", "abc", "\u00E4", "a" }, Equalities);

    [Fact]
    public void Booleans_decimals_timestamps_and_dates()
    {
        Agree(new bool?[] { null, true, false }, new bool?[] { true, false }, Equalities);
        Agree(new decimal?[] { null, 1.5m, 1.50m, -3.25m, 0m, 79228162514264337593543950335m }, new decimal?[] { 1.5m, 0m, -3.25m, 2m }, Orderings);
        var epoch = new DateTime(2024, 1, 1);
        Agree(new DateTime?[] { null, epoch, epoch.AddTicks(10), epoch.AddMinutes(1) }, new DateTime?[] { epoch, epoch.AddTicks(10), epoch.AddMinutes(2) }, Orderings);
        Agree(new DateOnly?[] { null, new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 29) }, new DateOnly?[] { new DateOnly(2024, 1, 1), new DateOnly(2023, 1, 1) }, Orderings);
    }

    private static void Agree<T>(T[] values, T[] operands, string[] operators)
    {
        var terms = new List<(string Op, object Operand)>();
        foreach (var op in operators)
            foreach (var operand in operands)
                terms.Add((op, operand!));
        // in / not in: each operand alone, with a second item, and a list holding all of them (NaN included).
        foreach (var list in operands.Select(o => new List<T> { o }).Append(operands.ToList()).Append(operands.Take(2).ToList()).Append([]))
        {
            terms.Add(("in", list));
            terms.Add(("not in", list));
        }
        var expected = terms.Select(t => Kept(values, t.Op, t.Operand)).ToList();
        var python = (IReadOnlyDictionary<string, object?>)PythonScript.Eval("import pushdown_sources", "pushdown_sources.evaluate(values, terms)",
            new Dictionary<string, object?> { ["values"] = values.Cast<object?>().ToList(), ["terms"] = terms.Select(t => new object[] { t.Op, t.Operand }).ToList() })!;
        foreach (var (evaluator, answers) in python)
        {
            var actual = ((IReadOnlyList<object?>)answers!).Select(a => ((IReadOnlyList<object?>)a!).Select(Convert.ToInt32).ToList()).ToList();
            for (var i = 0; i < terms.Count; i++)
                Assert.True(expected[i].SequenceEqual(actual[i]),
                    $"{evaluator}: (v, '{terms[i].Op}', {PredicateGenerator<object>.Show(terms[i].Operand)}) over {PredicateGenerator<object>.Show(values)} " +
                    $"kept [{string.Join(", ", actual[i])}], .NET keeps [{string.Join(", ", expected[i])}]");
        }
    }

    /// <summary>The rows C# keeps: lifted comparison operators, and List&lt;T&gt;.Contains (EqualityComparer: NaN finds NaN) for in.</summary>
    private static List<int> Kept<T>(T[] values, string op, object operand)
    {
        var type = typeof(T);
        if (op is "in" or "not in")
        {
            var items = ((List<T>)operand).Cast<object?>().ToList();
            var comparer = EqualityComparer<object?>.Default;
            return Enumerable.Range(0, values.Length).Where(i => values[i] is not null && items.Any(item => comparer.Equals(item, values[i])) == (op == "in")
                || (values[i] is null && op == "not in")).ToList();
        }
        var value = Expression.Parameter(type, "v");
        var body = Expression.MakeBinary(op switch
        {
            "==" => ExpressionType.Equal,
            "!=" => ExpressionType.NotEqual,
            "<" => ExpressionType.LessThan,
            "<=" => ExpressionType.LessThanOrEqual,
            ">" => ExpressionType.GreaterThan,
            _ => ExpressionType.GreaterThanOrEqual,
        }, value, Expression.Constant(operand, type));
        var predicate = Expression.Lambda<Func<T, bool>>(body, value).Compile();
        return Enumerable.Range(0, values.Length).Where(i => predicate(values[i])).ToList();
    }
}
