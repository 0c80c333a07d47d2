using Linq2PyArrow.Linq.Execution;
using Remotion.Linq;
using Remotion.Linq.Clauses.Expressions;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Entry point of translation: finds the query model that reads the source (re-linq nests models when an
/// operator such as Take or Distinct comes before a where or select: <c>q.Take(5).Where(…)</c> puts Take in a
/// sub-query of the main from clause), then plans a kernel when the query is a plain aggregate and a
/// projection pipeline otherwise.
/// </summary>
internal static class QueryPlanner
{
    public static QueryPlan Plan(TranslationContext context, QueryModel model, Type resultType, bool sequence, bool elementWithPredicate)
    {
        if (elementWithPredicate) context.ElementWithPredicate = model.ResultOperators.LastOrDefault();
        var chain = new List<QueryModel> { model };
        while (chain[^1].MainFromClause.FromExpression is SubQueryExpression inner) chain.Add(inner.QueryModel);
        var innermost = chain[^1];
        if (!context.IsRoot(innermost.MainFromClause.FromExpression))
            throw context.Fail("the query does not read a Python source directly.");
        var root = RootQuery.Of(context, innermost);
        var outer = chain.Take(chain.Count - 1).Reverse().ToList();
        if (!sequence && outer.Count == 0 && KernelPlanner.TryPlan(context, root, resultType) is { } kernel) return kernel;
        return PipelinePlanner.Plan(context, root, outer, resultType, sequence);
    }
}
