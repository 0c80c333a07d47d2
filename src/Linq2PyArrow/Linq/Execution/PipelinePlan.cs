using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Materialization;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// A query that builds items from the rows the filter selects (columnar projection: anonymous types, records,
/// tuples, computed values, plus ordering keys when the query sorts) and runs the rest with LINQ to Objects:
/// one compiled delegate over the items for the synchronous path, and its rewrite over IAsyncEnumerable (the
/// in-box System.Linq.AsyncEnumerable operators) for the asynchronous one.
/// </summary>
internal abstract class PipelinePlan<TItem>(ScanTemplate scan, QueryParameterizer.ParameterBinder parameters, RowCompiler compiler,
    LambdaExpression projector, LambdaExpression? tail, ParameterExpression values) : QueryPlan(scan, parameters)
{
    protected BatchProjector<TItem> Projector { get; } = compiler.Projector<TItem>(projector, values);
    protected LambdaExpression? Tail { get; } = tail;

    protected IEnumerable<TItem> Rows(object?[] parameterValues, CancellationToken cancellation) =>
        ScanRunner.Rows(Scan.Source, Scan.Request(parameterValues), Scan.Filter, Projector, parameterValues, cancellation);

    protected IAsyncEnumerable<TItem> RowsAsync(object?[] parameterValues, CancellationToken cancellation) =>
        ScanRunner.RowsAsync(Scan.Source, Scan.Request(parameterValues), Scan.Filter, Projector, parameterValues, cancellation);

    public override IEnumerable<(string Label, Expression Code)> DotNetSteps()
    {
        if (Scan.Filter is not null) yield return ("filter", Scan.Filter.Predicate);
        if (projector.Parameters.Count == 0 || projector.Body != projector.Parameters[0]) yield return ("project", projector); // r => r says nothing
        if (Tail is not null) yield return ("then", Tail.Body);
    }
}

internal sealed class ScalarPipelinePlan<TItem, TResult>(ScanTemplate scan, QueryParameterizer.ParameterBinder parameters, RowCompiler compiler,
    LambdaExpression projector, LambdaExpression tail, ParameterExpression values)
    : PipelinePlan<TItem>(scan, parameters, compiler, projector, tail, values), IScalarPlan<TResult>
{
    private readonly Func<IEnumerable<TItem>, object?[], TResult> _tail = (Func<IEnumerable<TItem>, object?[], TResult>)TailCompiler.Compile(tail);
    private readonly Lazy<Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, ValueTask<TResult>>> _asyncTail =
        new(() => (Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, ValueTask<TResult>>)TailCompiler.Compile(AsyncTailRewriter.Rewrite(tail)));

    public TResult Execute(object?[] values, CancellationToken cancellation) => _tail(Rows(values, cancellation), values);

    public ValueTask<TResult> ExecuteAsync(object?[] values, CancellationToken cancellation) =>
        _asyncTail.Value(RowsAsync(values, cancellation), values, cancellation);
}

internal sealed class SequencePipelinePlan<TItem, TElement>(ScanTemplate scan, QueryParameterizer.ParameterBinder parameters, RowCompiler compiler,
    LambdaExpression projector, LambdaExpression? tail, ParameterExpression values)
    : PipelinePlan<TItem>(scan, parameters, compiler, projector, tail, values), ISequencePlan<TElement>
{
    private readonly Func<IEnumerable<TItem>, object?[], IEnumerable<TElement>>? _tail =
        (Func<IEnumerable<TItem>, object?[], IEnumerable<TElement>>?)(tail is null ? null : TailCompiler.Compile(tail));
    private readonly Lazy<Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, IAsyncEnumerable<TElement>>?> _asyncTail =
        new(() => (Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, IAsyncEnumerable<TElement>>?)(tail is null ? null : TailCompiler.Compile(AsyncTailRewriter.Rewrite(tail))));

    public IEnumerable<TElement> Enumerate(object?[] values, CancellationToken cancellation)
    {
        var rows = Rows(values, cancellation);
        return _tail is null ? (IEnumerable<TElement>)rows : _tail(rows, values);
    }

    public IAsyncEnumerable<TElement> EnumerateAsync(object?[] values, CancellationToken cancellation)
    {
        var rows = RowsAsync(values, cancellation);
        return _asyncTail.Value is { } tail ? tail(rows, values, cancellation) : (IAsyncEnumerable<TElement>)rows;
    }

    public List<TElement> ToList(object?[] values, CancellationToken cancellation) =>
        Projector is BatchProjector<TElement> rows && Tail is null
            ? ScanRunner.ToList(Scan.Source, Scan.Request(values), Scan.Filter, rows, values, cancellation)
            : Enumerable.ToList(Enumerate(values, cancellation));

    public Task<List<TElement>> ToListAsync(object?[] values, CancellationToken cancellation) =>
        Projector is BatchProjector<TElement> rows && Tail is null
            ? ScanRunner.ToListAsync(Scan.Source, Scan.Request(values), Scan.Filter, rows, values, cancellation)
            : AsyncLists.Of(EnumerateAsync(values, cancellation), cancellation);
}
