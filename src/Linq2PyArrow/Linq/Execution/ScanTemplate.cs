using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Linq.Translation.Composite;
using Linq2PyArrow.Linq.Translation.Pushdown;
using Linq2PyArrow.Linq.Translation.ResultOperators;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq.Execution;

/// <summary>
/// The scan part of a plan: the columns it needs, the pushable filter, the limit steps, and the compiled .NET
/// predicate (always the whole predicate: pushed filters are hints). <see cref="Request"/> fills in one
/// execution's values. A limit goes only with queries that have no predicate: filters are hints a source may
/// ignore, and a limit applied to rows the predicate then drops would lose rows the query needs.
/// </summary>
internal sealed class ScanTemplate(SourceContext source, IReadOnlyList<string> columns, FilterNode? pushable, BatchFilter? filter,
    IReadOnlyList<LimitStep>? limit, bool rowCountOnly = false)
{
    public SourceContext Source { get; } = source;
    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>The query reads no column: <see cref="Columns"/> is the source's cheapest one, asked for so batches carry their rows.</summary>
    public bool RowCountOnly { get; } = rowCountOnly;
    public FilterNode? Pushable { get; } = pushable;
    public BatchFilter? Filter { get; } = filter;
    public IReadOnlyList<LimitStep>? Limit { get; } = limit;

    /// <summary>One execution's request. <paramref name="describe"/>: for Explain, which shows filters even when the source takes none.</summary>
    public ScanRequest Request(object?[] values, bool describe = false)
    {
        // The filters in normal form cost microseconds per execution; a source that takes them in neither method never sees them.
        var takesFilters = describe || Source.Source.PlanAcceptsFilters || Source.Source.AcceptsHint("filters");
        var filters = takesFilters ? Pushable?.ToDnf(values) : null;
        var limit = Limit is null || Filter is not null ? null : LimitFor(values);
        return new ScanRequest(Columns, filters, limit);
    }

    private long? LimitFor(object?[] values)
    {
        long offset = 0;
        long? need = null;
        foreach (var step in Limit!)
        {
            if (step.Kind == LimitStepKind.Need)
            {
                need = Math.Min(need ?? long.MaxValue, offset + step.Rows);
                continue;
            }
            if (Count(step.Count!, values) is not { } count) return null;
            if (step.Kind == LimitStepKind.Skip) offset += Math.Max(count, 0);
            else need = Math.Min(need ?? long.MaxValue, offset + Math.Max(count, 0));
        }
        return need;
    }

    private static long? Count(Expression count, object?[] values) => count switch
    {
        QueryParameterExpression parameter => values[parameter.Index] is int n ? n : null,
        ConstantExpression { Value: int n } => n,
        // A row limit derived from an operator that runs in .NET (ElementAt(n): n + 1 rows); int.MaxValue means none.
        MethodCallExpression { Arguments: [QueryParameterExpression parameter] } hint when hint.Method.DeclaringType == typeof(LimitHints) =>
            hint.Method.Invoke(null, [values[parameter.Index]]) is int n and < int.MaxValue ? n : null,
        _ => null,
    };
}
