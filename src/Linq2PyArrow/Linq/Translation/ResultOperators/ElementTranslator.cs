using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>First, Single, Last and their OrDefault forms (re-linq turns a predicate into a where clause).</summary>
[Translates(nameof(Queryable.First), nameof(Queryable.FirstOrDefault), nameof(Queryable.Single), nameof(Queryable.SingleOrDefault),
    nameof(Queryable.Last), nameof(Queryable.LastOrDefault),
    ResultOperators = [typeof(FirstResultOperator), typeof(SingleResultOperator), typeof(LastResultOperator)])]
internal sealed class ElementTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.IsPlainOrLambda;

    public string Pushed => "limit 1 (First) or 2 (Single) when no .NET filter or ordering precedes; the filters";

    public string InDotNet => "LINQ's operator over the streamed items (the scan stops when the answer is known)";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder)
    {
        var name = Name(op) + (((ChoiceResultOperatorBase)op).ReturnDefaultWhenEmpty ? "OrDefault" : "");
        if (!ReferenceEquals(op, builder.Context.ElementWithPredicate))
            return OperatorOutcome.Result(EnumerableMethods.Call(name, [state.ItemType], state.Sequence));
        // The predicate already ran as a where clause; "x => true" gives back LINQ's "no matching element" wording.
        var x = System.Linq.Expressions.Expression.Parameter(state.ItemType, "x");
        var always = EnumerableMethods.Lambda(x, System.Linq.Expressions.Expression.Constant(true));
        return OperatorOutcome.Result(EnumerableMethods.Call(name, [state.ItemType], state.Sequence, always));
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
