using System.Linq.Expressions;
using System.Reflection;
using Linq2PyArrow.Linq.Parsing;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.Expressions;
using Remotion.Linq.Parsing;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Rewrites an expression written in query-source terms into one over the current item. re-linq resolves
/// result-operator expressions through the select clause: after <c>Select(r =&gt; new { r.Id })</c>, an All
/// predicate <c>x =&gt; x.Id &gt; 1</c> arrives as <c>[r].Id &gt; 1</c>. Each sub-tree equal to the item (or to
/// a member of it, for new/member-init items) is replaced by the matching access on the item parameter.
/// Returns null when the expression still needs a query source the item does not carry.
/// </summary>
internal static class ReverseResolver
{
    public static Expression? Resolve(Expression expression, Expression item, Expression parameter, SlimGroupElements? slim = null)
    {
        var paths = new List<(Expression Part, Expression Access)>();
        Collect(item, parameter, paths);
        var resolved = new Replacer(paths, slim).Visit(expression)!;
        var sources = new HashSet<IQuerySource>(Sources(item));
        return Sources(resolved).Any(sources.Contains) ? null : resolved;
    }

    private static void Collect(Expression part, Expression access, List<(Expression, Expression)> paths)
    {
        paths.Add((part, access));
        switch (part)
        {
            case NewExpression { Members: { } members } created:
                for (var i = 0; i < members.Count; i++) Collect(created.Arguments[i], MemberAccess(access, members[i]), paths);
                break;
            case MemberInitExpression init:
                if (init.NewExpression.Members is { } ctorMembers)
                    for (var i = 0; i < ctorMembers.Count; i++) Collect(init.NewExpression.Arguments[i], MemberAccess(access, ctorMembers[i]), paths);
                foreach (var binding in init.Bindings.OfType<MemberAssignment>())
                    Collect(binding.Expression, MemberAccess(access, binding.Member), paths);
                break;
        }
    }

    private static Expression MemberAccess(Expression target, MemberInfo member) => member switch
    {
        MethodInfo getter => Expression.Property(target, getter), // anonymous types list getters as members
        _ => Expression.MakeMemberAccess(target, member),
    };

    private static IEnumerable<IQuerySource> Sources(Expression expression)
    {
        var finder = new SourceFinder();
        finder.Visit(expression);
        return finder.Found;
    }

    private sealed class Replacer(List<(Expression Part, Expression Access)> paths, SlimGroupElements? slim) : RelinqExpressionVisitor
    {
        /// <summary>A member read on an item that became a slim group element (or a grouping of them): the tuple field.</summary>
        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is null) return node;
            var target = Visit(node.Expression)!;
            if (target.Type == node.Expression.Type || node.Expression.Type.IsAssignableFrom(target.Type)) return node.Update(target);
            return slim?.Access(target, node.Member) ?? throw new SlimGroupElements.Violation();
        }

        public override Expression? Visit(Expression? node)
        {
            if (node is null) return null;
            // Longest match first: the whole item before its members.
            foreach (var (part, access) in paths)
                if (StructuralEquality.Equal(node, part)) return access;
            return base.Visit(node);
        }

        protected override Expression VisitSubQuery(SubQueryExpression expression)
        {
            var clone = expression.QueryModel.Clone();
            clone.TransformExpressions(e => Visit(e)!);
            return new SubQueryExpression(clone);
        }
    }

    private sealed class SourceFinder : RelinqExpressionVisitor
    {
        public List<IQuerySource> Found { get; } = [];

        protected override Expression VisitQuerySourceReference(QuerySourceReferenceExpression expression)
        {
            Found.Add(expression.ReferencedQuerySource);
            return expression;
        }

        protected override Expression VisitSubQuery(SubQueryExpression expression)
        {
            expression.QueryModel.TransformExpressions(e =>
            {
                Visit(e);
                return e;
            });
            return expression;
        }
    }
}

/// <summary>Structural equality of expressions as re-linq produces them (query sources by identity).</summary>
internal static class StructuralEquality
{
    public static bool Equal(Expression? a, Expression? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || a.NodeType != b.NodeType || a.Type != b.Type) return false;
        return (a, b) switch
        {
            (QuerySourceReferenceExpression x, QuerySourceReferenceExpression y) => ReferenceEquals(x.ReferencedQuerySource, y.ReferencedQuerySource),
            (QueryParameterExpression x, QueryParameterExpression y) => x.Index == y.Index,
            (SubQueryExpression, SubQueryExpression) => false,
            (ConstantExpression x, ConstantExpression y) => Equals(x.Value, y.Value),
            (ParameterExpression, ParameterExpression) => false,
            (MemberExpression x, MemberExpression y) => x.Member == y.Member && Equal(x.Expression, y.Expression),
            (UnaryExpression x, UnaryExpression y) => x.Method == y.Method && Equal(x.Operand, y.Operand),
            (BinaryExpression x, BinaryExpression y) => x.Method == y.Method && Equal(x.Left, y.Left) && Equal(x.Right, y.Right),
            (MethodCallExpression x, MethodCallExpression y) => x.Method == y.Method && Equal(x.Object, y.Object) && All(x.Arguments, y.Arguments),
            (NewExpression x, NewExpression y) => x.Constructor == y.Constructor && All(x.Arguments, y.Arguments),
            (ConditionalExpression x, ConditionalExpression y) => Equal(x.Test, y.Test) && Equal(x.IfTrue, y.IfTrue) && Equal(x.IfFalse, y.IfFalse),
            (TypeBinaryExpression x, TypeBinaryExpression y) => x.TypeOperand == y.TypeOperand && Equal(x.Expression, y.Expression),
            (NewArrayExpression x, NewArrayExpression y) => All(x.Expressions, y.Expressions),
            _ => false,
        };
    }

    private static bool All(IReadOnlyList<Expression> a, IReadOnlyList<Expression> b) =>
        a.Count == b.Count && a.Select((x, i) => Equal(x, b[i])).All(same => same);
}
