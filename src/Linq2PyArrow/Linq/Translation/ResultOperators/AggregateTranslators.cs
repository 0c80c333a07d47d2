using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Count and LongCount over the sequence (re-linq turns a predicate into a where clause).</summary>
internal sealed class CountTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Result(EnumerableMethods.Call(op is LongCountResultOperator ? nameof(Enumerable.LongCount) : nameof(Enumerable.Count),
            [state.ItemType], state.Sequence));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

/// <summary>Sum, Min, Max and Average of the items (a selector became the select clause), with LINQ's overloads.</summary>
internal sealed class AggregateTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var name = op switch
        {
            SumResultOperator => nameof(Enumerable.Sum),
            MinResultOperator => nameof(Enumerable.Min),
            MaxResultOperator => nameof(Enumerable.Max),
            _ => nameof(Enumerable.Average),
        };
        var method = EnumerableMethods.Find(name, [state.ItemType], [state.Sequence.Type])
            ?? throw builder.Context.Fail($"{name} over items of type {Materialization.TypeNames.Of(state.ItemType)} is not supported.");
        return OperatorOutcome.Result(System.Linq.Expressions.Expression.Call(method, state.Sequence));
    }

    public LimitStep? Limit(ResultOperatorBase op) => null;
}
