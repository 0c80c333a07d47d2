using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// A plan whose pushable prefix is a plan of its own (pushed columns, filters and limit; compiled filter and
/// projection) and whose remaining operators (<see cref="Tail"/>) run in .NET with LINQ to Objects over the
/// prefix's streamed items: <c>(IEnumerable&lt;TItem&gt; rows, object[] parameters) =&gt; rows.SkipWhile(…).Zip(…)</c>.
/// The asynchronous twin runs the tail over System.Linq.AsyncEnumerable; when an operator has no async twin, the
/// prefix's items are read asynchronously into memory first and the synchronous tail runs over them.
/// </summary>
internal abstract class TailPlan<TItem>(QueryPlan prefix, LambdaExpression tail) : QueryPlan(prefix.Scan, prefix.Parameters)
{
    public QueryPlan Prefix { get; } = prefix;
    public LambdaExpression Tail { get; } = tail;

    protected ISequencePlan<TItem> Items => (ISequencePlan<TItem>)Prefix;

    /// <summary>The async tail, or null when some operator has no System.Linq.AsyncEnumerable twin.</summary>
    protected static Delegate? CompileAsync(LambdaExpression tail)
    {
        try
        {
            return TailCompiler.Compile(AsyncTailRewriter.Rewrite(tail));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    protected async ValueTask<List<TItem>> BufferAsync(object?[] values, CancellationToken cancellation)
    {
        var items = new List<TItem>();
        await foreach (var item in Items.EnumerateAsync(values, cancellation).ConfigureAwait(false)) items.Add(item);
        return items;
    }

    public override IEnumerable<(string Label, Expression Code)> DotNetSteps() => Prefix.DotNetSteps().Append(("then", Tail.Body));
}

internal sealed class ScalarTailPlan<TItem, TResult>(QueryPlan prefix, LambdaExpression tail) : TailPlan<TItem>(prefix, tail), IScalarPlan<TResult>
{
    private readonly Func<IEnumerable<TItem>, object?[], TResult> _tail = (Func<IEnumerable<TItem>, object?[], TResult>)TailCompiler.Compile(tail);
    private readonly Lazy<Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, ValueTask<TResult>>?> _asyncTail =
        new(() => (Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, ValueTask<TResult>>?)CompileAsync(tail));

    public TResult Execute(object?[] values, CancellationToken cancellation) => _tail(Items.Enumerate(values, cancellation), values);

    public async ValueTask<TResult> ExecuteAsync(object?[] values, CancellationToken cancellation)
    {
        if (_asyncTail.Value is { } asyncTail) return await asyncTail(Items.EnumerateAsync(values, cancellation), values, cancellation).ConfigureAwait(false);
        return _tail(await BufferAsync(values, cancellation).ConfigureAwait(false), values);
    }
}

internal sealed class SequenceTailPlan<TItem, TElement>(QueryPlan prefix, LambdaExpression tail) : TailPlan<TItem>(prefix, tail), ISequencePlan<TElement>
{
    private readonly Func<IEnumerable<TItem>, object?[], IEnumerable<TElement>> _tail = (Func<IEnumerable<TItem>, object?[], IEnumerable<TElement>>)TailCompiler.Compile(tail);
    private readonly Lazy<Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, IAsyncEnumerable<TElement>>?> _asyncTail =
        new(() => (Func<IAsyncEnumerable<TItem>, object?[], CancellationToken, IAsyncEnumerable<TElement>>?)CompileAsync(tail));

    public IEnumerable<TElement> Enumerate(object?[] values, CancellationToken cancellation) => _tail(Items.Enumerate(values, cancellation), values);

    public IAsyncEnumerable<TElement> EnumerateAsync(object?[] values, CancellationToken cancellation) =>
        _asyncTail.Value is { } asyncTail ? asyncTail(Items.EnumerateAsync(values, cancellation), values, cancellation) : Buffered(values, cancellation);

    private async IAsyncEnumerable<TElement> Buffered(object?[] values, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        foreach (var element in _tail(await BufferAsync(values, cancellation).ConfigureAwait(false), values))
        {
            cancellation.ThrowIfCancellationRequested();
            yield return element;
        }
    }
}

/// <summary>
/// A plan that reads sub-queries over other sources (<see cref="QuerySlot"/>): each execution first binds the slots
/// (values computed, sequences ready to scan once), then runs the main plan with them among its parameter values.
/// </summary>
internal abstract class SlottedPlan(QueryPlan main, IReadOnlyList<QuerySlot> slots, int count) : QueryPlan(main.Scan, main.Parameters)
{
    public QueryPlan Main { get; } = main;
    public IReadOnlyList<QuerySlot> Slots { get; } = slots;
    protected int Count { get; } = count;

    public object?[] Placeholders(object?[] values) => QuerySlot.Placeholders(Count, values);

    public override IEnumerable<(string Label, Expression Code)> DotNetSteps() => Main.DotNetSteps();
}

internal sealed class ScalarSlottedPlan<TResult>(QueryPlan main, IReadOnlyList<QuerySlot> slots, int count) : SlottedPlan(main, slots, count), IScalarPlan<TResult>
{
    public TResult Execute(object?[] values, CancellationToken cancellation) =>
        ((IScalarPlan<TResult>)Main).Execute(QuerySlot.Bind(Slots, Count, values, cancellation), cancellation);

    public async ValueTask<TResult> ExecuteAsync(object?[] values, CancellationToken cancellation)
    {
        var all = await QuerySlot.BindAsync(Slots, Count, values, cancellation).ConfigureAwait(false);
        return await ((IScalarPlan<TResult>)Main).ExecuteAsync(all, cancellation).ConfigureAwait(false);
    }
}

internal sealed class SequenceSlottedPlan<TElement>(QueryPlan main, IReadOnlyList<QuerySlot> slots, int count) : SlottedPlan(main, slots, count), ISequencePlan<TElement>
{
    public IEnumerable<TElement> Enumerate(object?[] values, CancellationToken cancellation)
    {
        foreach (var element in ((ISequencePlan<TElement>)Main).Enumerate(QuerySlot.Bind(Slots, Count, values, cancellation), cancellation))
            yield return element;
    }

    public async IAsyncEnumerable<TElement> EnumerateAsync(object?[] values, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var all = await QuerySlot.BindAsync(Slots, Count, values, cancellation).ConfigureAwait(false);
        await foreach (var element in ((ISequencePlan<TElement>)Main).EnumerateAsync(all, cancellation).ConfigureAwait(false))
            yield return element;
    }
}
