using System.Linq.Expressions;
using Linq2PyArrow.Linq.Operators;
using Remotion.Linq.Clauses;

namespace Linq2PyArrow.Linq.Translation.ResultOperators;

/// <summary>
/// Translates one kind of re-linq result operator into LINQ-to-Objects code over a sequence. Each translator
/// declares its operators with <see cref="TranslatesAttribute"/>; <see cref="OperatorRegistry"/> dispatches.
/// </summary>
internal interface IResultOperatorTranslator : IQueryOperator
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
