using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// Expressions as messages show them: C# (<see cref="CSharpPrinter"/>), with a captured variable read as its name
/// instead of <c>value(Namespace.Class+&lt;&gt;c__DisplayClass0_0).name</c>.
/// </summary>
internal static class ExpressionDisplay
{
    public static string Print(Expression expression) => CSharpPrinter.Print(new CapturedNames().Visit(expression));

    private sealed class CapturedNames : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is ConstantExpression { Value: { } closure } && closure.GetType().IsDefined(typeof(CompilerGeneratedAttribute), false))
                return Expression.Parameter(node.Type, node.Member.Name);
            return base.VisitMember(node);
        }
    }
}
