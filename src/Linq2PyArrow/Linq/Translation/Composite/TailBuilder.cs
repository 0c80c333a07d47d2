using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;

namespace Linq2PyArrow.Linq.Translation.Composite;

/// <summary>
/// The tail of a query as LINQ-to-Objects code: each remaining Queryable operator becomes its Enumerable twin over
/// the prefix's items, with the user's lambdas, and parameters read from the execution's values.
/// </summary>
internal static class TailBuilder
{
    /// <param name="rows">The prefix's items.</param>
    /// <param name="calls">The operators that run in .NET, innermost first.</param>
    /// <param name="values">The execution's parameter values.</param>
    /// <param name="rowsAreSource">The prefix is the source itself (no operator): the rows stand for a list.</param>
    public static Expression Build(ParameterExpression rows, IEnumerable<MethodCallExpression> calls, ParameterExpression values, bool rowsAreSource)
    {
        var reader = new ParameterReader(values);
        Expression current = rows;
        foreach (var call in calls)
        {
            if (call.Method.Name == nameof(Queryable.AsQueryable)) continue;
            var arguments = call.Arguments.Skip(1).Select(a => reader.Visit(a)!).Prepend(current).ToList();
            current = rowsAreSource && current == rows && call.Method.Name == nameof(Queryable.ElementAt) && call.Method.GetParameters()[1].ParameterType == typeof(int)
                ? Expression.Call(typeof(Execution.TailOperators).GetMethod(nameof(Execution.TailOperators.ElementAt))!
                    .MakeGenericMethod(call.Method.GetGenericArguments()), arguments)
                : EnumerableCounterpart.Call(call.Method, arguments);
        }
        return current;
    }

    /// <summary>Parameters (constants, captured values, sub-query slots) as reads of this execution's values.</summary>
    internal sealed class ParameterReader(ParameterExpression values) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node) =>
            node is QueryParameterExpression parameter ? parameter.Read(values) : base.VisitExtension(node);
    }
}

/// <summary>
/// Row limits for operators beyond the translator: <c>ElementAt(n)</c> never looks past row n + 1 and
/// <c>Take(a..b)</c> (b from the start) past row b, so the prefix gets a Take of that many rows, which the scan
/// pushes as a limit where it can. The operator still runs in .NET over those rows, with its own results and exceptions.
/// </summary>
internal static class LimitHints
{
    public static Expression Apply(Expression prefix, MethodCallExpression first)
    {
        var parameters = first.Method.GetParameters();
        var helper = (first.Method.Name, parameters.Length > 1 ? parameters[1].ParameterType : null) switch
        {
            (nameof(Queryable.ElementAt) or nameof(Queryable.ElementAtOrDefault), var type) when type == typeof(int) => nameof(RowsThrough),
            (nameof(Queryable.Take), var type) when type == typeof(Range) => nameof(RowsBefore),
            _ => null,
        };
        if (helper is null) return prefix;
        var element = EnumerableMethods.ElementType(prefix.Type);
        var count = Expression.Call(typeof(LimitHints).GetMethod(helper)!, first.Arguments[1]);
        var take = typeof(Queryable).GetMethods().Single(m => m.Name == nameof(Queryable.Take) && m.GetParameters()[1].ParameterType == typeof(int));
        return Expression.Call(take.MakeGenericMethod(element), prefix, count);
    }

    /// <summary>Rows up to and including <paramref name="index"/>.</summary>
    public static int RowsThrough(int index) => index < 0 ? 0 : index == int.MaxValue ? index : index + 1;

    /// <summary>Rows before the end of <paramref name="range"/> when it counts from the start; otherwise all.</summary>
    public static int RowsBefore(Range range) => range.End.IsFromEnd ? int.MaxValue : range.End.Value;
}
