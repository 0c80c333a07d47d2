using System.Linq.Expressions;
using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.Expressions;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>
/// GroupBy(key, element). The group operator is itself a re-linq query source: later operators of the same
/// query refer to the groupings through it.
/// </summary>
[Translates(nameof(Queryable.GroupBy), ResultOperators = [typeof(GroupResultOperator)])]
internal sealed class GroupByTranslator : IResultOperatorTranslator
{
    /// <summary>Key, element and result selectors; not the overloads with a comparer.</summary>
    public bool Accepts(Overload overload) =>
        overload.Count is >= 2 and <= 4 && overload.IsSequence(0) && overload.IsLambda(1, 2)
        && overload.Parameters.Skip(2).All(p => p.IsGenericType && p.Name.StartsWith("Func`", StringComparison.Ordinal));

    public string Pushed => "only the columns the groups read";

    public string InDotNet => "LINQ's GroupBy over elements carrying just those columns";

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
