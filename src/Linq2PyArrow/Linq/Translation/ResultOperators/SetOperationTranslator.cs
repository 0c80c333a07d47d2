using System.Linq.Expressions;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Concat, Union, Intersect and Except with an in-memory second sequence (a query over a source is rejected).</summary>
internal sealed class SetOperationTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var (name, second) = op switch
        {
            ConcatResultOperator concat => (nameof(Enumerable.Concat), concat.Source2),
            UnionResultOperator union => (nameof(Enumerable.Union), union.Source2),
            IntersectResultOperator intersect => (nameof(Enumerable.Intersect), intersect.Source2),
            ExceptResultOperator except => (nameof(Enumerable.Except), except.Source2),
            _ => throw new ArgumentException(op.ToString(), nameof(op)),
        };
        var source2 = EnumerableMethods.AsSequenceOf(builder.Convert(second, state.Scope), state.ItemType);
        var sequence = EnumerableMethods.Call(name, [state.ItemType], state.Sequence, source2);
        // After Concat or Union an item may come from the second sequence, which has no query source.
        var keepsItems = op is IntersectResultOperator or ExceptResultOperator;
        return OperatorOutcome.Next(new SequenceState(sequence, state.ItemType, keepsItems ? state.Item : null, state.Scope));
    }

    public LimitStep? Limit(ResultOperatorBase op) => null;
}
