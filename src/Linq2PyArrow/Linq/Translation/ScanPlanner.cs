using System.Linq.Expressions;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Linq.Translation.Pushdown;
using Linq2PyArrow.Linq.Translation.ResultOperators;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Builds a plan's scan: the columns its .NET code reads (in schema order; all bound columns when a lambda uses
/// the whole row; the cheapest column when it reads none, so the batches still carry their rows), the pushable
/// part of the predicate, the compiled predicate, and the limit steps.
/// </summary>
internal static class ScanPlanner
{
    public static (ScanTemplate Scan, RowCompiler Compiler) Build(TranslationContext context, RootQuery root, ResidualBuilder builder,
        Expression? predicate, IEnumerable<LambdaExpression> rowLambdas, IEnumerable<string> columns, IReadOnlyList<LimitStep>? limit)
    {
        var source = context.Source;
        var filterLambda = predicate is null ? null : root.RowLambda(builder, predicate);
        var needed = new HashSet<string>(columns, StringComparer.Ordinal);
        var wholeRow = false;
        foreach (var lambda in rowLambdas.Prepend(filterLambda).OfType<LambdaExpression>())
        {
            var used = ColumnUsage.Of(lambda, source.Binding);
            if (used is null) wholeRow = true;
            else needed.UnionWith(used);
        }
        if (wholeRow) needed.UnionWith(source.Binding.All.Select(m => m.Column));
        var scanColumns = source.OrderedColumns(needed);
        var rowCountOnly = scanColumns.Count == 0 && CheapestColumn.Of(source.Source.Schema) is not null;
        if (rowCountOnly) scanColumns = [CheapestColumn.Of(source.Source.Schema)!];
        var compiler = new RowCompiler(source.Binding, source.Source.Name, scanColumns);
        var filter = filterLambda is null ? null : compiler.Filter(filterLambda, context.Values);
        var pushable = predicate is null ? null : new PredicateAnalyzer(source.Binding, root.From).Analyze(predicate);
        return (new ScanTemplate(source, scanColumns, pushable, filter, limit, rowCountOnly), compiler);
    }

    /// <summary>The limit steps of the operators right after the scan, or null when no limit can be pushed.</summary>
    public static IReadOnlyList<LimitStep>? LimitSteps(RootQuery root, IEnumerable<Remotion.Linq.Clauses.ResultOperatorBase> operators, TranslationContext context)
    {
        if (root.Orderings.Count > 0) return null;
        var steps = new List<LimitStep>();
        foreach (var op in operators)
        {
            var step = Operators.OperatorRegistry.Translator(op, context).Limit(op);
            if (step is null) break;
            steps.Add(step);
            if (step.Kind == LimitStepKind.Need) break;
        }
        return steps.Any(s => s.Kind != LimitStepKind.Skip) ? steps : null;
    }
}
