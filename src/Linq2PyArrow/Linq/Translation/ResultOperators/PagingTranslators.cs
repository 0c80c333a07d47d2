using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Take(n): LINQ's Take; a pushed limit keeps at most n more rows.</summary>
[Translates(nameof(Queryable.Take), ResultOperators = [typeof(TakeResultOperator)])]
internal sealed class TakeTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count == 2 && overload.Parameters[1] == typeof(int);

    public string Pushed => "limit: the rows needed per partition when no .NET filter or ordering precedes";

    public string InDotNet => "LINQ's Take";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Take), [state.ItemType], state.Sequence,
            builder.Convert(((TakeResultOperator)op).Count, state.Scope))));

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Take(((TakeResultOperator)op).Count);
}

/// <summary>Skip(n): LINQ's Skip; a pushed limit grows by n.</summary>
[Translates(nameof(Queryable.Skip), ResultOperators = [typeof(SkipResultOperator)])]
internal sealed class SkipTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count == 2 && overload.Parameters[1] == typeof(int);

    public string Pushed => "adds to a following limit (Skip(2).Take(3): 5 rows)";

    public string InDotNet => "LINQ's Skip";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Skip), [state.ItemType], state.Sequence,
            builder.Convert(((SkipResultOperator)op).Count, state.Scope))));

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Skip(((SkipResultOperator)op).Count);
}
