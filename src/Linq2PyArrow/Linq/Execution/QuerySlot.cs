using System.Linq.Expressions;
using System.Runtime.ExceptionServices;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>How a sub-query over a source is fed to the query that uses it.</summary>
internal enum SlotKind
{
    /// <summary>An argument of an operator (Concat, Join, Zip…): enumerated once, streamed from its scan.</summary>
    Streamed,

    /// <summary>Used inside a lambda (per row): scanned once per execution and replayed from memory.</summary>
    Buffered,

    /// <summary>A single value (Count, Max, Any…) used inside a lambda: computed once per execution, before the scan.</summary>
    Value,
}

/// <summary>
/// A sub-query that does not depend on the rows of the query using it, with its own plan (and pushdown). Its value
/// sits at <see cref="Index"/> of the execution's parameter values, where the query's compiled code reads it.
/// </summary>
internal sealed record QuerySlot(int Index, SlotKind Kind, QueryPlan Plan, Type Type)
{
    /// <summary>Binds every slot of a plan for one execution, in order (a slot's plan may read earlier slots).</summary>
    public static object?[] Bind(IReadOnlyList<QuerySlot> slots, int count, object?[] values, CancellationToken cancellation)
    {
        var all = Extend(values, count);
        foreach (var slot in slots) all[slot.Index] = slot.Create(all, cancellation);
        return all;
    }

    /// <summary>Asynchronously: values computed and buffered sequences read before the scan; streamed ones stay lazy.</summary>
    public static async ValueTask<object?[]> BindAsync(IReadOnlyList<QuerySlot> slots, int count, object?[] values, CancellationToken cancellation)
    {
        var all = Extend(values, count);
        foreach (var slot in slots)
        {
            if (slot.Kind == SlotKind.Value)
            {
                all[slot.Index] = await ((IValueSlot)Activator.CreateInstance(typeof(ValueSlot<>).MakeGenericType(slot.Type))!)
                    .ComputeAsync(slot.Plan, all, cancellation).ConfigureAwait(false);
                continue;
            }
            var sequence = (IScanSequence)slot.Create(all, cancellation)!;
            if (slot.Kind == SlotKind.Buffered) await sequence.PrefetchAsync(cancellation).ConfigureAwait(false);
            all[slot.Index] = sequence;
        }
        return all;
    }

    /// <summary>Slots for Explain: not computed (nothing is scanned), shown as not yet known.</summary>
    public static object?[] Placeholders(int count, object?[] values) => Extend(values, count);

    private static object?[] Extend(object?[] values, int count)
    {
        var all = new object?[Math.Max(count, values.Length)];
        Array.Copy(values, all, values.Length);
        return all;
    }

    private object? Create(object?[] values, CancellationToken cancellation) => Kind switch
    {
        SlotKind.Value => ((IValueSlot)Activator.CreateInstance(typeof(ValueSlot<>).MakeGenericType(Type))!).Compute(Plan, values, cancellation),
        _ => Activator.CreateInstance(typeof(ScanSequence<>).MakeGenericType(Type), Plan, values, Kind == SlotKind.Buffered, cancellation),
    };

    private interface IValueSlot
    {
        object? Compute(QueryPlan plan, object?[] values, CancellationToken cancellation);

        ValueTask<object?> ComputeAsync(QueryPlan plan, object?[] values, CancellationToken cancellation);
    }

    private sealed class ValueSlot<T> : IValueSlot
    {
        public object? Compute(QueryPlan plan, object?[] values, CancellationToken cancellation)
        {
            try
            {
                return ((IScalarPlan<T>)plan).Execute(values, cancellation);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new DeferredFailure(ExceptionDispatchInfo.Capture(ex));
            }
        }

        public async ValueTask<object?> ComputeAsync(QueryPlan plan, object?[] values, CancellationToken cancellation)
        {
            try
            {
                return await ((IScalarPlan<T>)plan).ExecuteAsync(values, cancellation).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new DeferredFailure(ExceptionDispatchInfo.Capture(ex));
            }
        }
    }
}

/// <summary>
/// A sub-query's value that could not be computed: the query rethrows the exception where it reads the value, so
/// a query that never reads it (no rows) does not fail, as with LINQ to Objects.
/// </summary>
internal sealed class DeferredFailure(ExceptionDispatchInfo failure)
{
    public static T Unwrap<T>(object? value)
    {
        if (value is DeferredFailure deferred) deferred.Throw();
        return (T)value!;
    }

    public void Throw() => failure.Throw();
}

internal interface IScanSequence
{
    ValueTask PrefetchAsync(CancellationToken cancellation);
}

/// <summary>
/// The rows of a sub-query as a sequence, synchronous and asynchronous. Streamed: each enumeration runs the scan.
/// Buffered: the first enumeration (or the async prefetch) scans once and keeps the rows; a failure is kept too
/// and rethrown by every enumeration.
/// </summary>
internal sealed class ScanSequence<T>(QueryPlan plan, object?[] values, bool buffered, CancellationToken cancellation)
    : IEnumerable<T>, IAsyncEnumerable<T>, IScanSequence
{
    private readonly object _gate = new();
    private List<T>? _buffer;
    private ExceptionDispatchInfo? _failure;

    private ISequencePlan<T> Plan => (ISequencePlan<T>)plan;

    public IEnumerator<T> GetEnumerator()
    {
        if (!buffered && _buffer is null) return Plan.Enumerate(values, cancellation).GetEnumerator();
        lock (_gate)
        {
            if (_buffer is null && _failure is null)
            {
                try
                {
                    _buffer = Plan.Enumerate(values, cancellation).ToList();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _failure = ExceptionDispatchInfo.Capture(ex);
                }
            }
        }
        _failure?.Throw();
        return _buffer!.GetEnumerator();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_buffer is not null || _failure is not null) return ((IEnumerable<T>)this).ToAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
        return Plan.EnumerateAsync(values, cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    public async ValueTask PrefetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var buffer = new List<T>();
            await foreach (var item in Plan.EnumerateAsync(values, cancellationToken).ConfigureAwait(false)) buffer.Add(item);
            _buffer = buffer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
    }

    /// <summary>Reads a slot (or any sequence value) as an async sequence: the scan's own async path when it has one.</summary>
    public static IAsyncEnumerable<T> AsAsync(object? value) =>
        value as IAsyncEnumerable<T> ?? ((IEnumerable<T>)value!).ToAsyncEnumerable();

    public static Expression AsAsyncCall(Expression value) =>
        Expression.Call(typeof(ScanSequence<T>).GetMethod(nameof(AsAsync))!, Expression.Convert(value, typeof(object)));
}
