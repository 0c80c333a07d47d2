using System.Linq.Expressions;
using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Concat, Union, Intersect and Except with a second sequence (in memory, or the scan of a sub-query).</summary>
[Translates(nameof(Queryable.Concat), nameof(Queryable.Union), nameof(Queryable.Intersect), nameof(Queryable.Except),
    ResultOperators = [typeof(ConcatResultOperator), typeof(UnionResultOperator), typeof(IntersectResultOperator), typeof(ExceptResultOperator)])]
internal sealed class SetOperationTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.Count == 2 && overload.IsSequence(1);

    public string Pushed => "each side's own columns, filters and limit (a query over a source is scanned on its own)";

    public string InDotNet => "LINQ's operator over the two streams";

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
