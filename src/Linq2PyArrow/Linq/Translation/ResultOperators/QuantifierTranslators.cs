using System.Linq.Expressions;
using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Any (re-linq turns a predicate into a where clause): one row decides.</summary>
[Translates(nameof(Queryable.Any), ResultOperators = [typeof(AnyResultOperator)])]
internal sealed class AnyTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.IsPlainOrLambda;

    public string Pushed => "the filters; limit 1 without a predicate";

    public string InDotNet => "a kernel that stops at the first selected row";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Result(EnumerableMethods.Call(nameof(Enumerable.Any), [state.ItemType], state.Sequence));

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Need(1);
}

/// <summary>All(predicate), the predicate resolved back onto the items.</summary>
[Translates(nameof(Queryable.All), ResultOperators = [typeof(AllResultOperator)])]
internal sealed class AllTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count == 2 && overload.IsLambda(1, 2);

    public string Pushed => "the filters before it and the predicate's columns";

    public string InDotNet => "a kernel that stops at the first row failing the predicate";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Result(EnumerableMethods.Call(nameof(Enumerable.All), [state.ItemType], state.Sequence,
            builder.ItemLambda(state, ((AllResultOperator)op).Predicate)));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

/// <summary>Contains(item) with LINQ's equality (EqualityComparer.Default).</summary>
[Translates(nameof(Queryable.Contains), ResultOperators = [typeof(ContainsResultOperator)])]
internal sealed class ContainsTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count == 2;

    public string Pushed => "the column compared";

    public string InDotNet => "a kernel with LINQ's equality (EqualityComparer.Default) that stops at the first match";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var item = builder.Convert(((ContainsResultOperator)op).Item, state.Scope);
        if (item.Type != state.ItemType) item = Expression.Convert(item, state.ItemType);
        return OperatorOutcome.Result(EnumerableMethods.Call(nameof(Enumerable.Contains), [state.ItemType], state.Sequence, item));
    }

    public LimitStep? Limit(ResultOperatorBase op) => null;
}
