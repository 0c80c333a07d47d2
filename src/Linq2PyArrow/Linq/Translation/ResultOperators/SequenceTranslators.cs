using System.Linq.Expressions;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Distinct: a pushed limit cannot pass it (duplicates are dropped in .NET).</summary>
internal sealed class DistinctTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Distinct), [state.ItemType], state.Sequence)));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

internal sealed class ReverseTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Reverse), [state.ItemType],
            Expression.Convert(state.Sequence, typeof(IEnumerable<>).MakeGenericType(state.ItemType)))));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

/// <summary>Cast&lt;T&gt;: one item per row, so a pushed limit passes it.</summary>
internal sealed class CastTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var type = ((CastResultOperator)op).CastItemType;
        var sequence = EnumerableMethods.Call(nameof(Enumerable.Cast), [type], Expression.Convert(state.Sequence, typeof(System.Collections.IEnumerable)));
        return OperatorOutcome.Next(new SequenceState(sequence, type, state.Item is null ? null : Expression.Convert(state.Item, type), state.Scope));
    }

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Skip(Expression.Constant(0));
}

/// <summary>OfType&lt;T&gt; drops items in .NET: a pushed limit cannot pass it.</summary>
internal sealed class OfTypeTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var type = ((OfTypeResultOperator)op).SearchedItemType;
        var sequence = EnumerableMethods.Call(nameof(Enumerable.OfType), [type], Expression.Convert(state.Sequence, typeof(System.Collections.IEnumerable)));
        return OperatorOutcome.Next(new SequenceState(sequence, type, state.Item is null ? null : Expression.Convert(state.Item, type), state.Scope));
    }

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

internal sealed class DefaultIfEmptyTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var value = ((DefaultIfEmptyResultOperator)op).OptionalDefaultValue;
        var sequence = value is null
            ? EnumerableMethods.Call(nameof(Enumerable.DefaultIfEmpty), [state.ItemType], state.Sequence)
            : EnumerableMethods.Call(nameof(Enumerable.DefaultIfEmpty), [state.ItemType], state.Sequence, Convert(builder.Convert(value, state.Scope), state.ItemType));
        return OperatorOutcome.Next(state.With(sequence));
    }

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Skip(Expression.Constant(0));

    private static Expression Convert(Expression value, Type type) => value.Type == type ? value : Expression.Convert(value, type);
}

/// <summary>AsQueryable changes nothing for LINQ to Objects.</summary>
internal sealed class AsQueryableTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) => OperatorOutcome.Next(state);

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Skip(Expression.Constant(0));
}
