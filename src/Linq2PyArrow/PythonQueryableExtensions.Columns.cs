using System.Linq.Expressions;
using Linq2PyArrow.Linq;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow;

/// <summary>Extensions for queries over Python sources: async enumeration, and columnar access to the raw batches.</summary>
public static partial class PythonQueryableExtensions
{
    /// <summary>
    /// Scans the source and calls <paramref name="action"/> with each batch of the requested columns, zero-copy
    /// (see <see cref="ColumnBatch"/> for the lifetime rules). Batches arrive in partition order unless the source was
    /// opened with <see cref="PythonSourceSettings.Ordered"/> false. Only the needed columns are asked of the source.
    /// </summary>
    /// <param name="query">The queryable returned by PythonSource.Open, optionally with <c>Where</c> (its filters are pushed to the
    /// source, and each batch carries the <see cref="ColumnBatch.Selection"/> of the rows that pass) and a <c>Select</c> that picks
    /// columns (which then name the batch's columns).</param>
    /// <param name="action">Called once per batch, on the calling thread.</param>
    /// <param name="columns">Columns of the source's schema, or of the query's Select (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has other operators (OrderBy, Take…), or its Select computes values.</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema or Select.</exception>
    public static void ForEachBatch<T>(this IQueryable<T> query, ColumnBatchAction action, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(action);
        Aggregate(query, 0, (state, batch) =>
        {
            action(batch);
            return state;
        }, columns, nameof(ForEachBatch));
    }

    /// <summary>Folds the batches of the requested columns into a state, as <see cref="ForEachBatch{T}"/> visits them.</summary>
    /// <returns>The state returned for the last batch (<paramref name="seed"/> when there is none).</returns>
    /// <param name="query">The queryable returned by PythonSource.Open, optionally with <c>Where</c> and a <c>Select</c> of columns
    /// (see <see cref="ForEachBatch{T}"/>).</param>
    /// <param name="seed">The state passed with the first batch.</param>
    /// <param name="aggregator">Called once per batch, on the calling thread.</param>
    /// <param name="columns">Columns of the source's schema, or of the query's Select (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has other operators (OrderBy, Take…), or its Select computes values.</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema or Select.</exception>
    public static TState AggregateBatches<T, TState>(this IQueryable<T> query, TState seed, ColumnBatchAggregator<TState> aggregator,
        params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        return Aggregate(query, seed, aggregator, columns, nameof(AggregateBatches));
    }

    /// <summary>
    /// <see cref="ForEachBatch{T}"/> that waits for batches without blocking a thread; the callback itself runs
    /// synchronously (a batch cannot be kept across <c>await</c>).
    /// </summary>
    /// <returns>Completes when every batch was handed to <paramref name="action"/>.</returns>
    /// <param name="query">The queryable returned by PythonSource.Open, optionally with <c>Where</c> and a <c>Select</c> of columns
    /// (see <see cref="ForEachBatch{T}"/>).</param>
    /// <param name="action">Called once per batch.</param>
    /// <param name="columns">Columns of the source's schema, or of the query's Select (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has other operators (OrderBy, Take…), or its Select computes values.</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema or Select.</exception>
    /// <param name="cancellationToken">Stops the scan: Python generators are closed and outstanding batches released.</param>
    public static Task ForEachBatchAsync<T>(this IQueryable<T> query, ColumnBatchAction action, IEnumerable<string>? columns = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return AggregateAsync(query, 0, (state, batch) =>
        {
            action(batch);
            return state;
        }, columns, nameof(ForEachBatchAsync), cancellationToken);
    }

    /// <summary><see cref="AggregateBatches{T, TState}"/> that waits for batches without blocking a thread.</summary>
    /// <returns>The state returned for the last batch (<paramref name="seed"/> when there is none).</returns>
    /// <param name="query">The queryable returned by PythonSource.Open, optionally with <c>Where</c> and a <c>Select</c> of columns
    /// (see <see cref="ForEachBatch{T}"/>).</param>
    /// <param name="seed">The state passed with the first batch.</param>
    /// <param name="aggregator">Called once per batch.</param>
    /// <param name="columns">Columns of the source's schema, or of the query's Select (case-insensitive); none means all of them.</param>
    /// <exception cref="NotSupportedException">The query has other operators (OrderBy, Take…), or its Select computes values.</exception>
    /// <exception cref="ArgumentException">The query is not over a Python source, or a column is not in its schema or Select.</exception>
    /// <param name="cancellationToken">Stops the scan: Python generators are closed and outstanding batches released.</param>
    public static Task<TState> AggregateBatchesAsync<T, TState>(this IQueryable<T> query, TState seed, ColumnBatchAggregator<TState> aggregator,
        IEnumerable<string>? columns = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        return AggregateAsync(query, seed, aggregator, columns, nameof(AggregateBatchesAsync), cancellationToken);
    }

    private static TState Aggregate<T, TState>(IQueryable<T> query, TState seed, ColumnBatchAggregator<TState> aggregator,
        IEnumerable<string>? columns, string method)
    {
        var provider = Provider(query, method);
        var source = provider.Context;
        if (IsRoot(query, provider))
        {
            var (request, layout) = BatchLoop.Plan(source.Source, columns);
            return BatchLoop.Run(source.Source, source.Settings, request, layout, new BatchSelection(null, null), seed, aggregator, CancellationToken.None);
        }
        var (plan, values) = QueryExecutor.PrepareBatches(provider, query.Expression, CheckOperators(query.Expression, method, columns), method);
        return plan.Run(values, seed, aggregator, CancellationToken.None);
    }

    private static Task<TState> AggregateAsync<T, TState>(IQueryable<T> query, TState seed, ColumnBatchAggregator<TState> aggregator,
        IEnumerable<string>? columns, string method, CancellationToken cancellation)
    {
        var provider = Provider(query, method);
        var source = provider.Context;
        if (IsRoot(query, provider))
        {
            var (request, layout) = BatchLoop.Plan(source.Source, columns);
            return BatchLoop.RunAsync(source.Source, source.Settings, request, layout, new BatchSelection(null, null), seed, aggregator, cancellation);
        }
        var (plan, values) = QueryExecutor.PrepareBatches(provider, query.Expression, CheckOperators(query.Expression, method, columns), method);
        return plan.RunAsync(values, seed, aggregator, cancellation);
    }

    private static PythonQueryProvider Provider<T>(IQueryable<T> query, string method)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Provider as PythonQueryProvider
            ?? throw new ArgumentException($"{method} needs a query from PythonSource.Open; this one is a {query.GetType().Name}.", nameof(query));
    }

    private static bool IsRoot<T>(IQueryable<T> query, PythonQueryProvider provider) =>
        query.Expression is ConstantExpression { Value: IQueryable root } && root.Provider == provider;

    /// <summary>
    /// Batches come from the source as they arrive: Where (as a selection) and Select (of columns) apply to them,
    /// nothing that reorders, groups, limits or combines rows. Returns the requested columns.
    /// </summary>
    private static IReadOnlyList<string>? CheckOperators(Expression expression, string method, IEnumerable<string>? columns)
    {
        var operators = new List<string>();
        var unsupported = new List<string>();
        while (expression is MethodCallExpression call)
        {
            operators.Add(call.Method.Name);
            var plain = call.Method.DeclaringType == typeof(Queryable) && call.Method.Name is nameof(Queryable.Where) or nameof(Queryable.Select)
                        && call.Arguments is [_, UnaryExpression { Operand: LambdaExpression { Parameters.Count: 1 } }];
            if (!plain) unsupported.Add(call.Method.Name);
            expression = call.Arguments.Count > 0 ? call.Arguments[0] : Expression.Empty();
        }
        operators.Reverse();
        unsupported.Reverse();
        if (unsupported.Count > 0 || expression is not ConstantExpression { Value: IQueryable })
            throw new NotSupportedException(
                $"{method} hands over the source's batches as they arrive: it applies Where (pushed to the source, then as each batch's Selection) " +
                $"and a Select of columns, but not {(unsupported.Count > 0 ? string.Join(", ", unsupported.Distinct()) : "an expression that is not the source itself")} " +
                $"(the query: {string.Join(", ", operators)}). Do that inside the callback, or use the LINQ operators (ToList, Sum…) instead.");
        return columns?.ToList();
    }
}
