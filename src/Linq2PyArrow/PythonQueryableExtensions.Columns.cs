using System.Linq.Expressions;
using Linq2PyArrow.Linq;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow;

/// <summary>Extensions for queries over Python sources: async enumeration, and columnar access to the raw batches.</summary>
public static partial class PythonQueryableExtensions
{
    /// <summary>
    /// Scans the source and calls <paramref name="action"/> with each batch of the requested columns, zero-copy
    /// (see <see cref="ColumnBatch"/> for the lifetime rules). Batches arrive in partition order unless the source was
    /// opened with <see cref="PythonSourceSettings.Ordered"/> false. Only the requested columns are asked of the source.
    /// </summary>
    /// <param name="query">The queryable returned by PythonSource.Open; query operators are not applied to batches (filter inside the callback).</param>
    /// <param name="action">Called once per batch, on the calling thread.</param>
    /// <param name="columns">Columns of the source's schema (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has operators (Where, Select…).</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema.</exception>
    public static void ForEachBatch<T>(this IQueryable<T> query, ColumnBatchAction action, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(action);
        AggregateBatches(query, 0, (state, batch) =>
        {
            action(batch);
            return state;
        }, columns);
    }

    /// <summary>Folds the batches of the requested columns into a state, as <see cref="ForEachBatch{T}"/> visits them.</summary>
    /// <returns>The state returned for the last batch (<paramref name="seed"/> when there is none).</returns>
    /// <param name="query">The queryable returned by PythonSource.Open; query operators are not applied to batches (filter inside the callback).</param>
    /// <param name="seed">The state passed with the first batch.</param>
    /// <param name="aggregator">Called once per batch, on the calling thread.</param>
    /// <param name="columns">Columns of the source's schema (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has operators (Where, Select…).</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema.</exception>
    public static TState AggregateBatches<T, TState>(this IQueryable<T> query, TState seed, ColumnBatchAggregator<TState> aggregator,
        params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        var context = RootContext(query, nameof(AggregateBatches));
        return BatchLoop.Run(context.Source, context.Settings, columns, seed, aggregator, CancellationToken.None);
    }

    /// <summary>
    /// <see cref="ForEachBatch{T}"/> that waits for batches without blocking a thread; the callback itself runs
    /// synchronously (a batch cannot be kept across <c>await</c>).
    /// </summary>
    /// <returns>Completes when every batch was handed to <paramref name="action"/>.</returns>
    /// <param name="query">The queryable returned by PythonSource.Open; query operators are not applied to batches (filter inside the callback).</param>
    /// <param name="action">Called once per batch.</param>
    /// <param name="columns">Columns of the source's schema (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has operators (Where, Select…).</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema.</exception>
    /// <param name="cancellationToken">Stops the scan: Python generators are closed and outstanding batches released.</param>
    public static Task ForEachBatchAsync<T>(this IQueryable<T> query, ColumnBatchAction action, IEnumerable<string>? columns = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return AggregateBatchesAsync(query, 0, (state, batch) =>
        {
            action(batch);
            return state;
        }, columns, cancellationToken);
    }

    /// <summary><see cref="AggregateBatches{T, TState}"/> that waits for batches without blocking a thread.</summary>
    /// <returns>The state returned for the last batch (<paramref name="seed"/> when there is none).</returns>
    /// <param name="query">The queryable returned by PythonSource.Open; query operators are not applied to batches (filter inside the callback).</param>
    /// <param name="seed">The state passed with the first batch.</param>
    /// <param name="aggregator">Called once per batch.</param>
    /// <param name="columns">Columns of the source's schema (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has operators (Where, Select…).</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema.</exception>
    /// <param name="cancellationToken">Stops the scan: Python generators are closed and outstanding batches released.</param>
    public static Task<TState> AggregateBatchesAsync<T, TState>(this IQueryable<T> query, TState seed, ColumnBatchAggregator<TState> aggregator,
        IEnumerable<string>? columns = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        var context = RootContext(query, nameof(AggregateBatchesAsync));
        return BatchLoop.RunAsync(context.Source, context.Settings, columns?.ToList(), seed, aggregator, cancellationToken);
    }

    /// <summary>The source behind a root queryable; batches come straight from the source, so operators cannot apply.</summary>
    private static SourceContext RootContext<T>(IQueryable<T> query, string method)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Provider is not PythonQueryProvider provider)
            throw new ArgumentException($"{method} needs a query from PythonSource.Open; this one is a {query.GetType().Name}.", nameof(query));
        if (query.Expression is not ConstantExpression { Value: IQueryable root } || root.Provider != provider)
            throw new NotSupportedException(
                $"{method} hands over the source's batches as they arrive and cannot apply query operators ({Describe(query.Expression)}): " +
                "call it on the queryable returned by PythonSource.Open, and filter or compute inside the callback.");
        return provider.Context;
    }

    private static string Describe(Expression expression)
    {
        var operators = new List<string>();
        while (expression is MethodCallExpression call)
        {
            operators.Add(call.Method.Name);
            expression = call.Arguments.Count > 0 ? call.Arguments[0] : Expression.Empty();
        }
        operators.Reverse();
        return operators.Count == 0 ? "an expression that is not the source itself" : string.Join(", ", operators);
    }
}
