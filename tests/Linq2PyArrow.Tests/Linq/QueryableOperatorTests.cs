using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Linq2PyArrow.Linq;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Linq;

/// <summary>
/// Every public method of System.Linq.Queryable (found by reflection, so a new one cannot slip by) runs over
/// Python sources with exactly LINQ to Objects' results and exceptions, with and without a preceding Where,
/// synchronously and through the asynchronous path (the provider's async execution, as the async terminals use it).
/// </summary>
public sealed class QueryableOperatorTests(ITestOutputHelper output)
{
    private static readonly IQueryable<Row> Source = LinqSources.Open<Row>("Ignoring", "6,0,9,3");
    private static readonly IQueryable<Row> Other = LinqSources.Open<Row>("Ignoring", "5,4", seed: 2);
    private static readonly Lazy<(List<Row> Rows, List<Row> Others)> s_data = new(() => (Source.ToList(), Other.ToList()));

    private static readonly (string Label, Func<IQueryable<Row>, IQueryable<Row>> Apply)[] Prefixes =
    [
        ("", q => q),
        ("after Where", q => q.Where(r => r.I32 % 3 != 0 || r.Flag)),
    ];

    [Fact]
    public void The_cases_call_every_public_Queryable_method()
    {
        var called = new HashSet<MethodInfo>();
        var (rows, others) = s_data.Value;
        foreach (var (_, run) in QueryableOperatorCases.All())
        {
            var spy = new SpyProvider(rows.AsQueryable(), called, asynchronous: false);
            Outcome(() => run(spy.Root<Row>(), others.AsQueryable()));
        }
        var missing = typeof(Queryable).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => !called.Contains(m.IsGenericMethod ? m.GetGenericMethodDefinition() : m))
            .Select(m => m.ToString()).ToList();
        Assert.True(missing.Count == 0, "Queryable methods no case calls:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_operator_matches_linq_to_objects()
    {
        var (rows, others) = s_data.Value;
        var failures = new List<string>();
        foreach (var (name, run) in QueryableOperatorCases.All())
        {
            foreach (var (label, prefix) in Prefixes)
            {
                var expected = QueryableOperatorCases.Rejected.Contains(name)
                    ? Outcome(() => throw new QueryTranslationException("", ""))
                    : Outcome(() => run(prefix(rows.AsQueryable()), others.AsQueryable()));
                var actual = Outcome(() => run(prefix(Source), Other));
                if (actual != expected) failures.Add($"{name} {label}\n  expected {expected}\n  actual   {actual}");
                var spy = new SpyProvider(Source, [], asynchronous: true);
                var asynchronous = Outcome(() => run(prefix(spy.Root<Row>()), Other));
                if (asynchronous != expected) failures.Add($"{name} {label} (async)\n  expected {expected}\n  actual   {asynchronous}");
            }
        }
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches, first: {failures.FirstOrDefault()}");
    }

    internal static string Outcome(Func<object?> run)
    {
        try
        {
            return Render(run());
        }
        catch (Exception ex)
        {
            if (ex is TargetInvocationException { InnerException: { } inner }) ex = inner;
            return ex is QueryTranslationException ? ex.GetType().Name : $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    internal static string Render(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        Row row => "Row#" + row.Id,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Runtime.CompilerServices.ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Render(tuple[i]))) + ")",
        IEnumerable items => Key(value) + "[" + string.Join(", ", items.Cast<object?>().Select(Render)) + "]",
        _ when value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(KeyValuePair<,>) =>
            Render(value.GetType().GetProperty("Key")!.GetValue(value)) + "=" + Render(value.GetType().GetProperty("Value")!.GetValue(value)),
        _ when value.GetType().Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal) =>
            "{" + string.Join(", ", value.GetType().GetProperties().Select(p => p.Name + "=" + Render(p.GetValue(value)))) + "}",
        _ => value.ToString() ?? "",
    };

    private static string Key(object value) =>
        value.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IGrouping<,>)) is { } grouping
            ? Render(grouping.GetProperty("Key")!.GetValue(value)) + ":"
            : "";

    /// <summary>
    /// A queryable over another one that records every Queryable method in the expressions it runs, and runs them
    /// either as they are or (for a Python source) through the provider's asynchronous execution.
    /// </summary>
    private sealed class SpyProvider(IQueryable inner, HashSet<MethodInfo> called, bool asynchronous) : IQueryProvider
    {
        public IQueryable<T> Root<T>() => new Spy<T>(this, inner.Expression);

        public IQueryable CreateQuery(Expression expression) => throw new NotSupportedException();

        public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new Spy<TElement>(this, expression);

        public object? Execute(Expression expression) => throw new NotSupportedException();

        public TResult Execute<TResult>(Expression expression)
        {
            Record(expression);
            if (!asynchronous) return inner.Provider.Execute<TResult>(expression);
            return ((PythonQueryProvider)inner.Provider).ExecuteAsync<TResult>(expression, CancellationToken.None).GetAwaiter().GetResult();
        }

        public IEnumerator<T> Enumerate<T>(Expression expression)
        {
            Record(expression);
            if (!asynchronous) return inner.Provider.CreateQuery<T>(expression).GetEnumerator();
            var items = new List<T>();
            var enumerator = ((PythonQueryProvider)inner.Provider).EnumerateAsync<T>(expression, CancellationToken.None).GetAsyncEnumerator();
            try
            {
                while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult()) items.Add(enumerator.Current);
            }
            finally
            {
                enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            return items.GetEnumerator();
        }

        private void Record(Expression expression) => new Recorder(called).Visit(expression);

        private sealed class Recorder(HashSet<MethodInfo> called) : ExpressionVisitor
        {
            protected override Expression VisitMethodCall(MethodCallExpression node)
            {
                if (node.Method.DeclaringType == typeof(Queryable))
                    called.Add(node.Method.IsGenericMethod ? node.Method.GetGenericMethodDefinition() : node.Method);
                return base.VisitMethodCall(node);
            }
        }
    }

    private sealed class Spy<T>(SpyProvider provider, Expression expression) : IOrderedQueryable<T>
    {
        public Type ElementType => typeof(T);
        public Expression Expression => expression;
        public IQueryProvider Provider => provider;
        public IEnumerator<T> GetEnumerator() => provider.Enumerate<T>(expression);
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
