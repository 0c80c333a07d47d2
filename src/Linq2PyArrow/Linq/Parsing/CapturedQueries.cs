using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// Queries that a query reads through a captured variable (<c>r =&gt; other.Any(o =&gt; o.Id == r.Id)</c>) or holds as a
/// constant. A query over a Python source is inlined (its expression takes the variable's place), so it is
/// translated with its own pushdown and its structure is part of the cache key; any other queryable is a value
/// (a parameter), enumerated in .NET. The cache key and the translation inline alike.
/// </summary>
internal static class CapturedQueries
{
    /// <summary>What replaces <paramref name="node"/>, or null when it is not a captured or composed query.</summary>
    public static Expression? Resolve(Expression node)
    {
        switch (node)
        {
            case ConstantExpression { Value: IQueryable query } when query.Provider is PythonQueryProvider:
                return PythonQueryProvider.RootOf(node) is null ? query.Expression : null;
            case MemberExpression member when typeof(IQueryable).IsAssignableFrom(member.Type) && IsCaptured(member):
                var value = QueryShape.Evaluate(member) as IQueryable;
                if (value is { Provider: PythonQueryProvider }) return value.Expression;
                return Expression.Constant(value, member.Type);
            default:
                return null;
        }
    }

    public static Expression Inline(Expression expression) => new Inliner().Visit(expression)!;

    /// <summary>Field and property reads ending in a closure (a constant) or a static member.</summary>
    private static bool IsCaptured(MemberExpression member)
    {
        Expression? current = member;
        while (current is MemberExpression { Member: FieldInfo or PropertyInfo } link) current = link.Expression;
        return current is null || current is ConstantExpression { Value: not IQueryable };
    }

    private sealed class Inliner : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) =>
            node is MemberExpression or ConstantExpression && Resolve(node) is { } inlined ? Visit(inlined) : base.Visit(node);
    }
}
