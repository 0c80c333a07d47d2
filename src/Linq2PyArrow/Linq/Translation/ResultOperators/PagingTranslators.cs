using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Take(n): LINQ's Take; a pushed limit keeps at most n more rows.</summary>
internal sealed class TakeTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Take), [state.ItemType], state.Sequence,
            builder.Convert(((TakeResultOperator)op).Count, state.Scope))));

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Take(((TakeResultOperator)op).Count);
}

/// <summary>Skip(n): LINQ's Skip; a pushed limit grows by n.</summary>
internal sealed class SkipTranslator : IResultOperatorTranslator
{
    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Next(state.With(EnumerableMethods.Call(nameof(Enumerable.Skip), [state.ItemType], state.Sequence,
            builder.Convert(((SkipResultOperator)op).Count, state.Scope))));

    public LimitStep? Limit(ResultOperatorBase op) => LimitStep.Skip(((SkipResultOperator)op).Count);
}
