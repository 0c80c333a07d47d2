using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// .NET 7's Order() and OrderDescending() sort by the element itself; re-linq predates them. They are rewritten
/// into OrderBy(x => x) and OrderByDescending(x => x), which the translator handles.
/// </summary>
internal static class OrderRewriter
{
    private static readonly MethodInfo OrderBy = Definition(nameof(Queryable.OrderBy));
    private static readonly MethodInfo OrderByDescending = Definition(nameof(Queryable.OrderByDescending));

    public static Expression Rewrite(Expression expression) => new Visitor().Visit(expression);

    private static MethodInfo Definition(string name) =>
        typeof(Queryable).GetMethods().Single(m => m.Name == name && m.GetParameters().Length == 2);

    private sealed class Visitor : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(Queryable) && node.Arguments.Count == 1
                && node.Method.Name is nameof(Queryable.Order) or nameof(Queryable.OrderDescending))
            {
                var source = Visit(node.Arguments[0]);
                var element = node.Method.GetGenericArguments()[0];
                var item = Expression.Parameter(element, "x");
                var target = node.Method.Name == nameof(Queryable.Order) ? OrderBy : OrderByDescending;
                return Expression.Call(target.MakeGenericMethod(element, element), source, Expression.Quote(Expression.Lambda(item, item)));
            }
            return base.VisitMethodCall(node);
        }
    }
}
