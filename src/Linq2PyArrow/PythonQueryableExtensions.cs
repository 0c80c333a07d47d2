using System.Linq.Expressions;
using Linq2PyArrow.Linq;
using Linq2PyArrow.Linq.Execution;

namespace Linq2PyArrow;

/// <summary>
/// Extensions for queries over Python sources: asynchronous execution (<c>await foreach</c>, ToListAsync,
/// CountAsync…, with the same pushdown as the synchronous operators) and <see cref="Explain{T}(IQueryable{T})"/>.
/// They are extensions on IQueryable&lt;T&gt; because the queryable deliberately does not implement
/// IAsyncEnumerable&lt;T&gt; (which would make Where/Select ambiguous with System.Linq.AsyncEnumerable on .NET 10).
/// </summary>
public static partial class PythonQueryableExtensions
{
    /// <summary>
    /// Describes how the query runs: the columns, filters (in the exact DNF the source receives) and limit pushed to
    /// Python, and what runs in .NET, with the current values of captured variables.
    /// </summary>
    /// <exception cref="QueryTranslationException">The query cannot be translated.</exception>
    /// <exception cref="InvalidOperationException">The query is not over a Python source.</exception>
    public static string Explain<T>(this IQueryable<T> source)
    {
        var provider = ProviderOf(source, nameof(Explain));
        var (plan, values) = QueryExecutor.Describe(provider, source.Expression, sequence: true);
        return QueryExplainer.Explain(plan, values);
    }

    /// <summary>
    /// Describes how a query ending in a single value runs, e.g. <c>query.Explain(q =&gt; q.Sum(r =&gt; r.Amount))</c>.
    /// </summary>
    /// <exception cref="QueryTranslationException">The query cannot be translated.</exception>
    /// <exception cref="InvalidOperationException">The query is not over a Python source.</exception>
    public static string Explain<T, TResult>(this IQueryable<T> source, Expression<Func<IQueryable<T>, TResult>> terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var provider = ProviderOf(source, nameof(Explain));
        var expression = new RootSubstitution(terminal.Parameters[0], source.Expression).Visit(terminal.Body)!;
        var (plan, values) = QueryExecutor.Describe(provider, expression, sequence: false);
        return QueryExplainer.Explain(plan, values);
    }

    /// <summary>
    /// The query as an IAsyncEnumerable&lt;T&gt; that reads the Python source asynchronously, for <c>await foreach</c>
    /// and the System.Linq.AsyncEnumerable operators. A query over another provider that is itself an
    /// IAsyncEnumerable&lt;T&gt; is returned as is.
    /// </summary>
    /// <exception cref="InvalidOperationException">The query is neither over a Python source nor asynchronous.</exception>
    public static IAsyncEnumerable<T> AsAsyncEnumerable<T>(this IQueryable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Provider is PythonQueryProvider provider) return new AsyncQuery<T>(provider, source.Expression);
        if (source is IAsyncEnumerable<T> asynchronous) return asynchronous;
        throw NotPython(source, nameof(AsAsyncEnumerable));
    }

    /// <summary>
    /// <c>await foreach (var row in query.Where(…).WithCancellation(token))</c>: enumerates the query asynchronously
    /// with a cancellation token (as <see cref="TaskAsyncEnumerableExtensions.WithCancellation{T}(IAsyncEnumerable{T}, CancellationToken)"/>
    /// does for an IAsyncEnumerable&lt;T&gt;). Cancelling stops the scan and closes the Python generators.
    /// </summary>
    /// <exception cref="InvalidOperationException">The query is neither over a Python source nor asynchronous.</exception>
    public static System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable<T> WithCancellation<T>(this IQueryable<T> source,
        CancellationToken cancellationToken) =>
        source.AsAsyncEnumerable().WithCancellation(cancellationToken);

    /// <summary>Makes <c>await foreach (var row in query.Where(…))</c> work on queries over Python sources.</summary>
    /// <exception cref="InvalidOperationException">The query is neither over a Python source nor asynchronous.</exception>
    public static IAsyncEnumerator<T> GetAsyncEnumerator<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        source.AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);

    /// <summary>
    /// Runs the query and returns its results as a list. Over a Python source, a query whose .NET part only filters
    /// and projects builds its rows batch by batch straight from the Arrow columns into a list of exactly their count
    /// (no enumerator call per row, no list regrown from empty); other queries, and queries over other providers,
    /// run as <see cref="Enumerable.ToList{TSource}(IEnumerable{TSource})"/> does. In a file with
    /// <c>using Linq2PyArrow;</c> it is what <c>query.ToList()</c> calls: an IQueryable&lt;T&gt; receiver is a closer
    /// match than Enumerable's IEnumerable&lt;T&gt;.
    /// </summary>
    public static List<TSource> ToList<TSource>(this IQueryable<TSource> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Provider is PythonQueryProvider provider
            ? QueryExecutor.ToList<TSource>(provider, source.Expression)
            : Enumerable.ToList(source);
    }

    internal static PythonQueryProvider ProviderOf<T>(IQueryable<T> source, string operation)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Provider as PythonQueryProvider ?? throw NotPython(source, operation);
    }

    private static InvalidOperationException NotPython<T>(IQueryable<T> source, string operation) => new(
        $"{operation} needs a query over a Python source (PythonSource.Open), but this query's provider is {source.Provider.GetType().Name}. " +
        "Use the synchronous LINQ operators for other queryables.");

    /// <summary>Enumerating starts the scan; each enumeration runs the query again, as LINQ queries do.</summary>
    private sealed class AsyncQuery<T>(PythonQueryProvider provider, Expression expression) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            provider.EnumerateAsync<T>(expression, cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    private sealed class RootSubstitution(ParameterExpression parameter, Expression root) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? root : node;
    }
}
