using System.Linq.Expressions;
using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Distinct: a pushed limit cannot pass it (duplicates are dropped in .NET).</summary>
[Translates(nameof(Queryable.Distinct), ResultOperators = [typeof(DistinctResultOperator)])]
internal sealed class DistinctTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count == 1;

    public string Pushed => "the columns of the items";

    public string InDotNet => "LINQ's Distinct (no limit is pushed past it)";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Distinct), [state.ItemType], state.Sequence)));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

[Translates(nameof(Queryable.Reverse), ResultOperators = [typeof(ReverseResultOperator)])]
internal sealed class ReverseTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count == 1;

    public string Pushed => "the columns of the items";

    public string InDotNet => "LINQ's Reverse";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Reverse), [state.ItemType],
            Expression.Convert(state.Sequence, typeof(IEnumerable<>).MakeGenericType(state.ItemType)))));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

/// <summary>Cast&lt;T&gt;: one item per row, so a pushed limit passes it.</summary>
[Translates(nameof(Queryable.Cast), nameof(Queryable.OfType), nameof(Queryable.AsQueryable),
    ResultOperators = [typeof(CastResultOperator), typeof(OfTypeResultOperator), typeof(AsQueryableResultOperator)])]
internal sealed class CastTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Name == nameof(Queryable.AsQueryable)
        ? overload.Count == 1 && overload.Method.IsGenericMethodDefinition
        : overload.Count == 1 && (overload.Parameters[0] == typeof(IQueryable) || overload.Parameters[0] == typeof(System.Collections.IEnumerable));

    public string Pushed => "the columns of the items; a limit passes Cast and AsQueryable";

    public string InDotNet => "LINQ's Cast and OfType";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        if (op is OfTypeResultOperator) return OfType.Apply(op, state, builder);
        if (op is AsQueryableResultOperator) return OperatorOutcome.Next(state);
        var type = ((CastResultOperator)op).CastItemType;
        var sequence = EnumerableMethods.Call(nameof(Enumerable.Cast), [type], Expression.Convert(state.Sequence, typeof(System.Collections.IEnumerable)));
        return OperatorOutcome.Next(new SequenceState(sequence, type, state.Item is null ? null : Expression.Convert(state.Item, type), state.Scope));
    }

    public LimitStep? Limit(ResultOperatorBase op) => op is OfTypeResultOperator ? null : LimitStep.Skip(Expression.Constant(0));

    private static readonly OfTypeTranslator OfType = new();
}

/// <summary>OfType&lt;T&gt; drops items in .NET: a pushed limit cannot pass it.</summary>
internal sealed class OfTypeTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var type = ((OfTypeResultOperator)op).SearchedItemType;
        var sequence = EnumerableMethods.Call(nameof(Enumerable.OfType), [type], Expression.Convert(state.Sequence, typeof(System.Collections.IEnumerable)));
        return OperatorOutcome.Next(new SequenceState(sequence, type, state.Item is null ? null : Expression.Convert(state.Item, type), state.Scope));
    }

}

[Translates(nameof(Queryable.DefaultIfEmpty), ResultOperators = [typeof(DefaultIfEmptyResultOperator)])]
internal sealed class DefaultIfEmptyTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count is 1 or 2;

    public string Pushed => "the columns of the items; a limit passes it";

    public string InDotNet => "LINQ's DefaultIfEmpty";

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
