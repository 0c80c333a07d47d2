using System.Linq.Expressions;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.Expressions;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>
/// GroupBy(key, element). The group operator is itself a re-linq query source: later operators of the same
/// query refer to the groupings through it.
/// </summary>
internal sealed class GroupByTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var group = (GroupResultOperator)op;
        var key = builder.ItemLambda(state, group.KeySelector);
        var element = builder.ItemLambda(state, group.ElementSelector);
        var sequence = EnumerableMethods.Call(nameof(Enumerable.GroupBy), [state.ItemType, key.ReturnType, element.ReturnType], state.Sequence, key, element);
        return OperatorOutcome.Next(Grouped(sequence, group, state.Scope));
    }

    /// <summary>The state after grouping: items are the groupings (of rows or of slim elements), referred to through the group operator.</summary>
    public static SequenceState Grouped(Expression sequence, GroupResultOperator group, Scope scope) =>
        new(sequence, EnumerableMethods.ElementType(sequence.Type), new QuerySourceReferenceExpression(group), scope);

    public LimitStep? Limit(ResultOperatorBase op) => null;
}
