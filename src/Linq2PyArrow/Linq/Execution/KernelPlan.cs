using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Materialization.Kernels;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// Count, LongCount, Any/All/Contains (as "does any row pass the filter") and Sum/Min/Max/Average over a
/// column: computed batch by batch from the filter's selection vector and the Arrow buffers, without building a
/// single row. A Count with no predicate reads only the source's cheapest column (see CheapestColumn).
/// </summary>
internal sealed class KernelPlan<TResult>(ScanTemplate scan, QueryParameterizer.ParameterBinder parameters, KernelKind kind,
    ColumnAggregate? aggregate, IReadOnlyList<(string, Expression)> steps) : QueryPlan(scan, parameters), IScalarPlan<TResult>
{
    public TResult Execute(object?[] values, CancellationToken cancellation)
    {
        var state = new State(this, values);
        // inline: a single partition is read on this thread (a kernel's work per batch is too small to gain from a
        // worker running ahead, and the hand-off across cores costs the producer more; see ParallelScan.Inline.cs).
        using (var run = ParallelScan.Start(Scan.Source.Source, Scan.Request(values), Scan.Source.Settings, cancellation, synchronous: true, inline: true))
        {
            while (true)
            {
                using var batch = run.Read(cancellation);
                if (batch is null || !state.Consume(batch)) break;
            }
        }
        return state.Result();
    }

    public async ValueTask<TResult> ExecuteAsync(object?[] values, CancellationToken cancellation)
    {
        var state = new State(this, values);
        using (var run = ParallelScan.Start(Scan.Source.Source, Scan.Request(values), Scan.Source.Settings, cancellation))
        {
            while (true)
            {
                using var batch = await run.ReadAsync(cancellation).ConfigureAwait(false);
                if (batch is null || !state.Consume(batch)) break;
            }
        }
        return state.Result();
    }

    public override IEnumerable<(string Label, Expression Code)> DotNetSteps() => steps;

    public ColumnAggregate? Aggregate => aggregate;
    private KernelKind Kind => kind;

    /// <summary>One execution: the count or the aggregate's running state, and the selection buffer.</summary>
    private sealed class State(KernelPlan<TResult> plan, object?[] values)
    {
        private readonly ColumnAggregate.Running? _aggregate = plan.Aggregate?.Start();
        private int[] _selection = [];
        private long _count;

        /// <summary>Adds a batch; false when the answer is known (Any found a row).</summary>
        public bool Consume(ScanBatch batch)
        {
            var filter = plan.Scan.Filter;
            var selected = filter is null ? batch.Length : ScanRunner.Select(batch, filter, values, ref _selection);
            _count += selected;
            _aggregate?.Add(batch, filter is null ? null : _selection, selected);
            return !(plan.Kind is KernelKind.Exists or KernelKind.NotExists && _count > 0);
        }

        public TResult Result() => plan.Kind switch
        {
            KernelKind.Count => (TResult)(object)checked((int)_count),
            KernelKind.LongCount => (TResult)(object)_count,
            KernelKind.Exists => (TResult)(object)(_count > 0),
            KernelKind.NotExists => (TResult)(object)(_count == 0),
            _ => (TResult)_aggregate!.Result()!,
        };
    }
}

internal enum KernelKind
{
    Count,
    LongCount,

    /// <summary>Any, Contains: true when a row passes the filter.</summary>
    Exists,

    /// <summary>All(p): true when no row passes "filter and not p".</summary>
    NotExists,
    Aggregate,
}
