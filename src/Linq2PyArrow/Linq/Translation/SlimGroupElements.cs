using System.Linq.Expressions;
using System.Reflection;
using Linq2PyArrow.Materialization;
using Remotion.Linq;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.Expressions;
using Remotion.Linq.Clauses.ResultOperators;
using Remotion.Linq.Parsing;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>
/// Group elements without rows. <c>GroupBy(r =&gt; r.Cat)</c> groups whole rows, but queries usually read a few
/// members of them (<c>g.Sum(x =&gt; x.Amount)</c>): the elements become ValueTuples of exactly those members,
/// projected from the columns, and member reads on them become tuple fields. When the rows themselves are used
/// (<c>g.First()</c>, returning the groupings), translation meets a type mismatch, throws
/// <see cref="Violation"/>, and the planner falls back to whole rows.
/// </summary>
internal sealed class SlimGroupElements
{
    private SlimGroupElements(Type rowType, IReadOnlyList<MemberInfo> members)
    {
        RowType = rowType;
        Members = members;
        TupleType = members.Count == 0
            ? typeof(ValueTuple<bool>)
            : Type.GetType($"System.ValueTuple`{members.Count}")!.MakeGenericType(members.Select(MemberType).ToArray());
    }

    public Type RowType { get; }
    public IReadOnlyList<MemberInfo> Members { get; }
    public Type TupleType { get; }

    /// <summary>The slim element of the row parameter: new ValueTuple(r.M1, r.M2…).</summary>
    public Expression Project(Expression row) => Members.Count == 0
        ? Expression.New(TupleType.GetConstructor([typeof(bool)])!, Expression.Constant(false))
        : Expression.New(TupleType.GetConstructor(Members.Select(MemberType).ToArray())!, Members.Select(m => Expression.MakeMemberAccess(row, m)));

    /// <summary>The tuple field for a row member read on a slim element (or the Key of a slim grouping); null if not slim.</summary>
    public Expression? Access(Expression target, MemberInfo member)
    {
        if (target.Type == TupleType && member.DeclaringType!.IsAssignableFrom(RowType))
        {
            var index = Members.ToList().FindIndex(m => m.Name == member.Name);
            return index < 0 ? throw new Violation() : Expression.Field(target, "Item" + (index + 1));
        }
        if (member.Name == "Key" && target.Type.IsGenericType && target.Type.GetGenericTypeDefinition() == typeof(IGrouping<,>)
            && target.Type.GetGenericArguments()[1] == TupleType)
            return Expression.Property(target, "Key");
        return null;
    }

    public bool IsSlim(Type element) => element == TupleType;

    /// <summary>
    /// The slim elements for a GroupBy that is the first operator of the root query and groups the rows
    /// themselves, when every use of its elements (in later operators and enclosing queries) reads bound members (at most 7).
    /// </summary>
    public static SlimGroupElements? For(GroupResultOperator group, RootQuery root, IReadOnlyList<QueryModel> outer, RowBinding binding)
    {
        if (group.ElementSelector is not QuerySourceReferenceExpression { ReferencedQuerySource: var element } || !ReferenceEquals(element, root.From)) return null;
        var groupings = new HashSet<IQuerySource> { group };
        if (outer.Count > 0) groupings.Add(outer[0].MainFromClause);
        var collector = new MemberCollector(groupings, binding);
        foreach (var op in root.Operators.Skip(1)) op.TransformExpressions(e => collector.Visit(e)!);
        foreach (var model in outer) model.TransformExpressions(e => collector.Visit(e)!);
        if (collector.Unbound || collector.Members.Count > 7) return null;
        return new SlimGroupElements(binding.RowType, collector.Members);
    }

    private static Type MemberType(MemberInfo member) => member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;

    /// <summary>The elements are used as rows after all: translate again with whole rows.</summary>
    internal sealed class Violation : Exception;

    private sealed class MemberCollector(HashSet<IQuerySource> groupings, RowBinding binding) : RelinqExpressionVisitor
    {
        private readonly HashSet<IQuerySource> _elements = [];

        public List<MemberInfo> Members { get; } = [];
        public bool Unbound { get; private set; }

        protected override Expression VisitSubQuery(SubQueryExpression expression)
        {
            var from = expression.QueryModel.MainFromClause;
            if (from.FromExpression is QuerySourceReferenceExpression reference && groupings.Contains(reference.ReferencedQuerySource))
                _elements.Add(from);
            expression.QueryModel.TransformExpressions(e => Visit(e)!);
            return expression;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is QuerySourceReferenceExpression reference && _elements.Contains(reference.ReferencedQuerySource))
            {
                if (binding.Find(node.Member) is null) Unbound = true;
                else if (!Members.Any(m => m.Name == node.Member.Name)) Members.Add(node.Member);
                return node;
            }
            return base.VisitMember(node);
        }
    }
}
