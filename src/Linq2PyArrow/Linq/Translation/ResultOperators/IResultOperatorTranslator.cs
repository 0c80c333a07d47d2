using System.Linq.Expressions;
using Remotion.Linq.Clauses;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>Translates one kind of re-linq result operator into LINQ-to-Objects code over a sequence.</summary>
internal interface IResultOperatorTranslator
{
    OperatorOutcome Apply(ResultOperatorBase op, SequenceState state, ResidualBuilder builder);

    /// <summary>
    /// What the operator means for a pushed row limit when it runs right after the scan: null when the limit
    /// cannot go past it (it needs every row, or drops rows in .NET).
    /// </summary>
    LimitStep? Limit(ResultOperatorBase op);
}

/// <summary>Either the next sequence, or the query's value (operators that end a query).</summary>
internal readonly record struct OperatorOutcome(SequenceState? Sequence, Expression? Value)
{
    public static OperatorOutcome Next(SequenceState state) => new(state, null);
    public static OperatorOutcome Result(Expression value) => new(null, value);
}

/// <summary>A step of the limit computation: skip n rows, keep at most n more, or need k more rows and stop.</summary>
/// <param name="Kind">Skip, Take or Need.</param>
/// <param name="Count">For Skip and Take: the count expression (a parameter or constant).</param>
/// <param name="Rows">For Need: rows needed after the skipped ones (First 1, Single 2).</param>
internal sealed record LimitStep(LimitStepKind Kind, Expression? Count, int Rows = 0)
{
    public static LimitStep Skip(Expression count) => new(LimitStepKind.Skip, count);
    public static LimitStep Take(Expression count) => new(LimitStepKind.Take, count);
    public static LimitStep Need(int rows) => new(LimitStepKind.Need, null, rows);
}

internal enum LimitStepKind
{
    Skip,
    Take,
    Need,
}

/// <summary>The dispatch table, NHibernate's ResultOperatorMap style: operator type → translator.</summary>
internal static class ResultOperatorMap
{
    private static readonly Dictionary<Type, IResultOperatorTranslator> s_translators = new()
    {
        [typeof(Remotion.Linq.Clauses.ResultOperators.TakeResultOperator)] = new TakeTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.SkipResultOperator)] = new SkipTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.FirstResultOperator)] = new ElementTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.SingleResultOperator)] = new ElementTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.LastResultOperator)] = new ElementTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.CountResultOperator)] = new CountTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.LongCountResultOperator)] = new CountTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.SumResultOperator)] = new AggregateTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.MinResultOperator)] = new AggregateTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.MaxResultOperator)] = new AggregateTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.AverageResultOperator)] = new AggregateTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.AnyResultOperator)] = new AnyTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.AllResultOperator)] = new AllTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.ContainsResultOperator)] = new ContainsTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.DistinctResultOperator)] = new DistinctTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.ReverseResultOperator)] = new ReverseTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.CastResultOperator)] = new CastTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.OfTypeResultOperator)] = new OfTypeTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.DefaultIfEmptyResultOperator)] = new DefaultIfEmptyTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.AsQueryableResultOperator)] = new AsQueryableTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.GroupResultOperator)] = new GroupByTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.ConcatResultOperator)] = new SetOperationTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.UnionResultOperator)] = new SetOperationTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.IntersectResultOperator)] = new SetOperationTranslator(),
        [typeof(Remotion.Linq.Clauses.ResultOperators.ExceptResultOperator)] = new SetOperationTranslator(),
    };

    public static IResultOperatorTranslator Get(ResultOperatorBase op, TranslationContext context) =>
        s_translators.TryGetValue(op.GetType(), out var translator)
            ? translator
            : throw context.Fail($"the operator {op} is not supported.");
}
