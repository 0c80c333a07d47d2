using System.Linq.Expressions;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Linq.Operators;
using Linq2PyArrow.Linq.Parsing;

namespace Linq2PyArrow.Linq.Translation.Composite;

/// <summary>
/// Plans any query: sub-queries over sources are taken out and planned on their own (<see cref="SourceHoister"/>);
/// the query's operator chain is split into the longest prefix the pushdown translator handles (re-linq,
/// <see cref="QueryPlanner"/>: pushed columns, filters, limit; columnar kernels) and a tail of the remaining
/// operators, which runs with LINQ to Objects over the prefix's streamed items. A query the translator handles
/// whole, with no sub-query, gets exactly the plan it always had.
/// </summary>
internal static class CompositePlanner
{
    public static QueryPlan Plan(TranslationContext context, Expression query, Type resultType, bool sequence)
    {
        QueryPlan plan;
        try
        {
            plan = PlanQuery(context, query, resultType, sequence);
        }
        catch (EnumerableCounterpart.MissingCounterpartException missing)
        {
            // LINQ to Objects itself cannot run this overload (EnumerableQuery fails on it too).
            var arguments = string.Join(", ", missing.Method.GetParameters().Skip(1).Select(p => Materialization.TypeNames.Of(p.ParameterType)));
            throw context.Fail($"{missing.Method.Name}({arguments}) has no LINQ to Objects counterpart, so it cannot run anywhere; " +
                               "it is obsolete: use the overload whose comparer compares the keys.");
        }
        if (context.Slots.Slots.Count == 0) return plan;
        var type = (sequence ? typeof(SequenceSlottedPlan<>) : typeof(ScalarSlottedPlan<>)).MakeGenericType(resultType);
        return (QueryPlan)Activator.CreateInstance(type, plan, context.Slots.Slots.ToList(), context.Slots.Count)!;
    }

    private static QueryPlan PlanQuery(TranslationContext context, Expression query, Type resultType, bool sequence)
    {
        var (rewritten, hoisted) = SourceHoister.Hoist(query, context.Slots);
        foreach (var sub in hoisted) PlanSlot(context, rewritten, resultType, sequence, sub);
        return PlanChain(context, rewritten, resultType, sequence);
    }

    private static void PlanSlot(TranslationContext context, Expression user, Type resultType, bool sequence, HoistedQuery sub)
    {
        var root = Root(sub.Query);
        var inner = context.For(PythonQueryProvider.RootOf(root)!);
        var query = sub.Query;
        if (sub.Kind != SlotKind.Value && RowPruning.Prune(query, user, sequence ? typeof(IEnumerable<>).MakeGenericType(resultType) : resultType,
                inner.Source.Binding) is { } pruned)
            query = pruned;
        var plan = PlanQuery(inner, query, sub.Kind == SlotKind.Value ? sub.Type : sub.Type, sub.Kind != SlotKind.Value);
        context.Slots.Slots.Add(new QuerySlot(sub.Index, sub.Kind, plan, sub.Type));
    }

    /// <summary>The operators of the query's own chain, innermost first.</summary>
    private static List<MethodCallExpression> Chain(Expression query)
    {
        var calls = new List<MethodCallExpression>();
        for (var node = query; node is MethodCallExpression { Arguments.Count: > 0 } call && call.Method.DeclaringType == typeof(Queryable); node = call.Arguments[0])
            calls.Add(call);
        calls.Reverse();
        return calls;
    }

    private static Expression Root(Expression query)
    {
        while (query is MethodCallExpression { Arguments.Count: > 0 } call && call.Method.DeclaringType == typeof(Queryable)) query = call.Arguments[0];
        return query;
    }

    private static QueryPlan PlanChain(TranslationContext context, Expression query, Type resultType, bool sequence)
    {
        var calls = Chain(query);
        var root = calls.Count == 0 ? query : calls[0].Arguments[0];
        if (PythonQueryProvider.RootOf(root) is null) throw context.Fail("the query does not read a Python source directly.");
        var split = calls.FindIndex(call => !OperatorRegistry.IsPushable(call.Method));
        if (split < 0)
        {
            try
            {
                return Whole(context, query, resultType, sequence);
            }
            catch (Exception ex) when (IsTranslationLimit(ex) && calls.Count > 0)
            {
                split = calls.Count - 1;
            }
        }
        for (split = Backtrack(calls, split); ; split = Backtrack(calls, split - 1))
        {
            try
            {
                return WithTail(context, root, calls, split, resultType, sequence);
            }
            catch (Exception ex) when (IsTranslationLimit(ex) && split > 0)
            {
                // The prefix is beyond the translator (sort keys, an item shape it cannot follow): run one more operator in .NET.
            }
        }
    }

    /// <summary>A split point never separates ThenBy from its OrderBy: the tail takes the whole ordering.</summary>
    private static int Backtrack(List<MethodCallExpression> calls, int split)
    {
        while (split > 0 && split < calls.Count && calls[split].Method.Name is nameof(Queryable.ThenBy) or nameof(Queryable.ThenByDescending)) split--;
        return Math.Max(split, 0);
    }

    private static bool IsTranslationLimit(Exception ex) =>
        ex is QueryTranslationException or NotSupportedException or InvalidOperationException or ArgumentException;

    /// <summary>The whole query through re-linq and the pushdown planner, as before any tail existed.</summary>
    private static QueryPlan Whole(TranslationContext context, Expression query, Type resultType, bool sequence)
    {
        var model = RelinqParser.Parse(QueryValidator.HideUnsupportedCalls(query), query);
        var elementWithPredicate = query is MethodCallExpression call && OperatorRegistry.IsElementWithPredicate(call.Method);
        return QueryPlanner.Plan(context, model, resultType, sequence, elementWithPredicate);
    }

    private static QueryPlan WithTail(TranslationContext context, Expression root, List<MethodCallExpression> calls, int split, Type resultType, bool sequence)
    {
        var prefix = split == 0 ? root : calls[split - 1];
        var tailCalls = calls.Skip(split).ToList();
        var itemType = EnumerableMethods.ElementType(prefix.Type);
        var rows = Expression.Parameter(typeof(IEnumerable<>).MakeGenericType(itemType), "rows");
        var queryable = Expression.Parameter(typeof(IQueryable<>).MakeGenericType(itemType), "rows");
        var userTail = Rebuild(queryable, tailCalls);
        var final = sequence ? typeof(IEnumerable<>).MakeGenericType(resultType) : resultType;
        if (RowPruning.Prune(prefix, userTail, final, context.Source.Binding) is { } pruned) prefix = pruned;
        prefix = LimitHints.Apply(prefix, tailCalls[0]);

        var prefixPlan = Whole(context, prefix, itemType, sequence: true);
        var body = TailBuilder.Build(rows, tailCalls, context.Values, rowsAreSource: split == 0);
        if (body.Type != final) body = Expression.Convert(body, final);
        var tail = Expression.Lambda(typeof(Func<,,>).MakeGenericType(rows.Type, typeof(object[]), final), body, rows, context.Values);
        var type = (sequence ? typeof(SequenceTailPlan<,>) : typeof(ScalarTailPlan<,>)).MakeGenericType(itemType, resultType);
        return (QueryPlan)Activator.CreateInstance(type, prefixPlan, tail)!;
    }

    /// <summary>The tail's operators over a stand-in for the prefix, as the user wrote them (for the row-usage analysis).</summary>
    private static Expression Rebuild(Expression source, List<MethodCallExpression> calls)
    {
        var current = source;
        foreach (var call in calls) current = call.Update(call.Object, [current, .. call.Arguments.Skip(1)]);
        return current;
    }
}
