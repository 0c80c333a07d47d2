using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// C# 14 binds <c>array.Contains(x)</c> to MemoryExtensions.Contains over an implicit ReadOnlySpan conversion
/// (first-class spans). Spans cannot be boxed, evaluated or stored by LINQ machinery (re-linq turns the call
/// into a PartialEvalException), so the call goes back to Enumerable.Contains over the array, as NHibernate
/// (#3721), EF Core (#35339) and the MongoDB driver (CSHARP-5749) do. The .NET 10 overload with an
/// IEqualityComparer becomes Enumerable.Contains with that comparer, or without one when it is null.
/// </summary>
internal sealed class SpanContainsRewriter : ExpressionVisitor
{
    private static readonly MethodInfo Contains2 = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2);
    private static readonly MethodInfo Contains3 = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 3);

    public static Expression Rewrite(Expression expression) => new SpanContainsRewriter().Visit(expression);

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(MemoryExtensions) && node.Method.Name == nameof(MemoryExtensions.Contains)
            && node.Arguments.Count is 2 or 3 && SpanSource(node.Arguments[0]) is { } source)
        {
            var element = node.Method.GetGenericArguments()[0];
            var sequence = Visit(source);
            if (sequence.Type != typeof(IEnumerable<>).MakeGenericType(element) && !sequence.Type.IsArray)
                sequence = Expression.Convert(sequence, typeof(IEnumerable<>).MakeGenericType(element));
            var item = Visit(node.Arguments[1]);
            if (node.Arguments.Count == 2 || node.Arguments[2] is ConstantExpression { Value: null })
                return Expression.Call(Contains2.MakeGenericMethod(element), sequence, item);
            return Expression.Call(Contains3.MakeGenericMethod(element), sequence, item, Visit(node.Arguments[2]));
        }
        return base.VisitMethodCall(node);
    }

    /// <summary>The array (or other sequence) behind an implicit span conversion, or null for a real span.</summary>
    private static Expression? SpanSource(Expression argument)
    {
        if (argument is MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var converted] } && IsSequence(converted.Type))
            return converted;
        if (argument is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } && IsSequence(operand.Type))
            return operand;
        return null;
    }

    private static bool IsSequence(Type type) =>
        type.IsArray || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
}
