using System.Linq.Expressions;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Any (re-linq turns a predicate into a where clause): one row decides.</summary>
internal sealed class AnyTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Result(EnumerableMethods.Call(nameof(Enumerable.Any), [state.ItemType], state.Sequence));

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Need(1);
}

/// <summary>All(predicate), the predicate resolved back onto the items.</summary>
internal sealed class AllTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Result(EnumerableMethods.Call(nameof(Enumerable.All), [state.ItemType], state.Sequence,
            builder.ItemLambda(state, ((AllResultOperator)op).Predicate)));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

/// <summary>Contains(item) with LINQ's equality (EqualityComparer.Default).</summary>
internal sealed class ContainsTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var item = builder.Convert(((ContainsResultOperator)op).Item, state.Scope);
        if (item.Type != state.ItemType) item = Expression.Convert(item, state.ItemType);
        return OperatorOutcome.Result(EnumerableMethods.Call(nameof(Enumerable.Contains), [state.ItemType], state.Sequence, item));
    }

    public LimitStep? Limit(ResultOperatorBase op) => null;
}
