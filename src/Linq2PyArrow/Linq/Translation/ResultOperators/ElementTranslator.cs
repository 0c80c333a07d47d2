using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>First, Single, Last and their OrDefault forms (re-linq turns a predicate into a where clause).</summary>
internal sealed class ElementTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var name = Name(op) + (((ChoiceResultOperatorBase)op).ReturnDefaultWhenEmpty ? "OrDefault" : "");
        return OperatorOutcome.Result(EnumerableMethods.Call(name, [state.ItemType], state.Sequence));
    }

    /// <summary>First needs one row, Single two (to detect a second); Last needs them all.</summary>
    public LimitStep? Limit(ResultOperatorBase op) => op switch
    {
        FirstResultOperator => LimitStep.Need(1),
        SingleResultOperator => LimitStep.Need(2),
        _ => null,
    };

    private static string Name(ResultOperatorBase op) => op switch
    {
        FirstResultOperator => nameof(Enumerable.First),
        SingleResultOperator => nameof(Enumerable.Single),
        _ => nameof(Enumerable.Last),
    };
}
