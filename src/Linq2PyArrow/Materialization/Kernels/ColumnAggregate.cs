using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Materialization.Readers;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Materialization.Kernels;

/// <summary>An aggregate LINQ computes over a column: Sum, Min, Max or Average.</summary>
internal enum AggregateKind
{
    Sum,
    Min,
    Max,
    Average,
}

/// <summary>What a null in the column means for the aggregate.</summary>
internal enum NullHandling
{
    /// <summary>The member is non-nullable: a null is a <see cref="SchemaMismatchException"/>, as when reading rows.</summary>
    Reject,

    /// <summary>The selector is Nullable: nulls are skipped (LINQ's Nullable overloads).</summary>
    Skip,

    /// <summary>A Nullable member read as non-nullable (<c>(long)r.NullableId</c>): what the compiled selector throws.</summary>
    Throw,
}

/// <summary>
/// A Sum/Min/Max/Average over one column, computed from the Arrow buffers after the filter's selection vector,
/// without building rows. One instance per plan (it caches a compiled reader factory per Arrow type);
/// <see cref="Start"/> gives the running state of one execution.
/// </summary>
internal abstract class ColumnAggregate
{
    /// <summary>The aggregate of values of <paramref name="valueType"/> (int, long, float, double, decimal), or null if there is no kernel for it.</summary>
    public static ColumnAggregate? Create(AggregateKind kind, Type valueType, bool nullableResult, NullHandling nulls,
        MemberBinding member, int ordinal, string sourceName)
    {
        var accumulator = AccumulatorType(kind, valueType);
        if (accumulator is null) return null;
        return (ColumnAggregate)Activator.CreateInstance(typeof(ColumnAggregate<,>).MakeGenericType(valueType, accumulator),
            nullableResult, nulls, member, ordinal, sourceName)!;
    }

    /// <summary>True when there is a kernel for this aggregate over values of <paramref name="valueType"/>.</summary>
    public static bool Supports(AggregateKind kind, Type valueType) => AccumulatorType(kind, valueType) is not null;

    private static Type? AccumulatorType(AggregateKind kind, Type valueType) =>
        (kind, valueType) switch
        {
            (AggregateKind.Sum, var t) when t == typeof(long) => typeof(SumInt64),
            (AggregateKind.Sum, var t) when t == typeof(int) => typeof(SumInt32),
            (AggregateKind.Sum, var t) when t == typeof(double) => typeof(SumDouble),
            (AggregateKind.Sum, var t) when t == typeof(float) => typeof(SumSingle),
            (AggregateKind.Sum, var t) when t == typeof(decimal) => typeof(SumDecimal),
            (AggregateKind.Average, var t) when t == typeof(long) || t == typeof(int) => typeof(AverageInteger<>).MakeGenericType(t),
            (AggregateKind.Average, var t) when t == typeof(double) => typeof(AverageDouble),
            (AggregateKind.Average, var t) when t == typeof(float) => typeof(AverageSingle),
            (AggregateKind.Average, var t) when t == typeof(decimal) => typeof(AverageDecimal),
            (AggregateKind.Min, var t) when IsNumber(t) => typeof(Min<>).MakeGenericType(t),
            (AggregateKind.Max, var t) when IsNumber(t) => typeof(Max<>).MakeGenericType(t),
            _ => null,
        };

    private static bool IsNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) || type == typeof(decimal);

    public abstract Running Start();

    /// <summary>One execution's state.</summary>
    internal abstract class Running
    {
        /// <summary>Adds the selected rows of a batch (all of its rows when selection is null).</summary>
        public abstract void Add(ScanBatch batch, int[]? selection, int count);

        public abstract object? Result();
    }
}

internal sealed class ColumnAggregate<TValue, TAccumulator>(bool nullableResult, NullHandling nulls,
    MemberBinding member, int ordinal, string sourceName) : ColumnAggregate
    where TValue : unmanaged
    where TAccumulator : struct, IAccumulator<TValue>
{
    private delegate void Step(ref TAccumulator accumulator, IArrowArray array, ScanBatch batch, int[]? selection, int count);

    private static readonly MethodInfo BuildStepMethod = typeof(ColumnAggregate<TValue, TAccumulator>)
        .GetMethod(nameof(BuildStep), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly Dictionary<string, Step> _steps = [];
    private volatile LastStep? _last;

    private int Ordinal => ordinal;
    private bool NullableResult => nullableResult;

    public override Running Start() => new State(this);

    /// <summary>The loop for this batch's Arrow type: the last one is recognized by reference (no lookup per batch).</summary>
    private Step StepFor(IArrowArray array)
    {
        var type = array.Data.DataType;
        var last = _last;
        if (last is not null && ReferenceEquals(last.Type, type)) return last.Step;
        var key = ReaderCatalog.ArrowTypeKey(type);
        Step? step;
        lock (_steps)
        {
            if (!_steps.TryGetValue(key, out step))
            {
                var plan = ReaderCatalog.Plan(type, typeof(TValue)) ?? throw new SchemaMismatchException(
                    $"Python data source '{sourceName}' yielded column '{member.Column}' as {ArrowTypeNames.Describe(type)}, " +
                    $"which cannot be read as {TypeNames.Of(typeof(TValue))} ({member.DisplayName}).",
                    sourceName, member.Column, TypeNames.Of(typeof(TValue)), ArrowTypeNames.Describe(type));
                step = (Step)BuildStepMethod.MakeGenericMethod(plan.ReaderType).Invoke(this, [plan])!;
                _steps[key] = step;
            }
        }
        _last = new LastStep(type, step);
        return step;
    }

    private Step BuildStep<TReader>(ReaderPlan plan) where TReader : struct, IColumnReader<TValue>
    {
        var array = Expression.Parameter(typeof(IArrowArray), "array");
        var context = Expression.Parameter(typeof(ColumnContext), "context");
        var create = Expression.Lambda<Func<IArrowArray, ColumnContext, TReader>>(plan.NewReader(array, context), array, context).Compile();
        return (ref TAccumulator accumulator, IArrowArray column, ScanBatch batch, int[]? selection, int count) =>
            Run(ref accumulator, create, column, batch, selection, count);
    }

    private void Run<TReader>(ref TAccumulator accumulator, Func<IArrowArray, ColumnContext, TReader> create, IArrowArray array,
        ScanBatch batch, int[]? selection, int count) where TReader : struct, IColumnReader<TValue>
    {
        // The hot case: the column stores exactly TValue, no nulls, every row: straight over the buffer.
        if (typeof(TReader) == typeof(PrimitiveReader<TValue>) && selection is null && array.NullCount == 0)
        {
            accumulator.AddSpan(MemoryMarshal.Cast<byte, TValue>(array.Data.Buffers[1].Span).Slice(array.Offset, count));
            return;
        }
        var reader = create(array, new ColumnContext(sourceName, member.Column, member.DisplayName, TypeNames.Of(member.ClrType),
            batch.PartitionIndex, batch.FirstRow));
        for (var k = 0; k < count; k++)
        {
            var index = selection is null ? k : selection[k];
            if (nulls != NullHandling.Reject && reader.IsNull(index))
            {
                if (nulls == NullHandling.Throw) throw AggregateErrors.NullableWithoutValue();
                continue;
            }
            accumulator.Add(reader.Get(index));
        }
    }

    private sealed class LastStep(Apache.Arrow.Types.IArrowType type, Step step)
    {
        public Apache.Arrow.Types.IArrowType Type { get; } = type;
        public Step Step { get; } = step;
    }

    private sealed class State(ColumnAggregate<TValue, TAccumulator> aggregate) : Running
    {
        private TAccumulator _accumulator;

        public override void Add(ScanBatch batch, int[]? selection, int count)
        {
            if (count == 0) return;
            var array = batch.Column(aggregate.Ordinal);
            aggregate.StepFor(array)(ref _accumulator, array, batch, selection, count);
        }

        public override object? Result() => _accumulator.Result(aggregate.NullableResult);
    }
}
