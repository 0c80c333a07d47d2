using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Count and LongCount over the sequence (re-linq turns a predicate into a where clause).</summary>
[Translates(nameof(Queryable.Count), nameof(Queryable.LongCount), ResultOperators = [typeof(CountResultOperator), typeof(LongCountResultOperator)])]
internal sealed class CountTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.IsPlainOrLambda;

    public string Pushed => "filters and the columns of the predicate (no column at all without one)";

    public string InDotNet => "a columnar count of the rows the filter selects";

    public OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder) =>
        OperatorOutcome.Result(EnumerableMethods.Call(op is LongCountResultOperator ? nameof(Enumerable.LongCount) : nameof(Enumerable.Count),
            [state.ItemType], state.Sequence));

    public LimitStep? Limit(ResultOperatorBase op) => null;
}

/// <summary>Sum, Min, Max and Average of the items (a selector became the select clause), with LINQ's overloads.</summary>
[Translates(nameof(Queryable.Sum), nameof(Queryable.Min), nameof(Queryable.Max), nameof(Queryable.Average),
    ResultOperators = [typeof(SumResultOperator), typeof(MinResultOperator), typeof(MaxResultOperator), typeof(AverageResultOperator)])]
internal sealed class AggregateTranslator : IResultOperatorTranslator
{
    public bool Accepts(Overload overload) => overload.IsPlainOrLambda;

    public string Pushed => "the column aggregated (and the filter before it)";

    public string InDotNet => "columnar kernels over a column, with LINQ's overflow, NaN, null and empty-sequence rules; over computed values, LINQ's operator";

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
