using System.Linq.Expressions;

namespace Linq2PyArrow.Materialization;

/// <summary>
/// Which columns a lambda over the row type reads: each bound member accessed on the row parameter; a use of
/// the row itself (passing it somewhere, returning it, reading an unbound computed property) needs them all.
/// </summary>
internal static class ColumnUsage
{
    /// <summary>The columns read, or null when the whole row is used.</summary>
    public static IReadOnlySet<string>? Of(LambdaExpression lambda, RowBinding binding)
    {
        var visitor = new Visitor(lambda.Parameters[0], binding);
        visitor.Visit(lambda.Body);
        return visitor.WholeRow ? null : visitor.Columns;
    }

    private sealed class Visitor(ParameterExpression row, RowBinding binding) : ExpressionVisitor
    {
        public HashSet<string> Columns { get; } = new(StringComparer.Ordinal);
        public bool WholeRow { get; private set; }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == row && binding.Find(node.Member) is { } member)
            {
                Columns.Add(member.Column);
                return node;
            }
            return base.VisitMember(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node == row) WholeRow = true;
            return node;
        }
    }
}
