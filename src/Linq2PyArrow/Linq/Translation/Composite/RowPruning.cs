using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Linq2PyArrow.Materialization;
using MemberBinding = Linq2PyArrow.Materialization.MemberBinding;

namespace Linq2PyArrow.Linq.Translation.Composite;

/// <summary>
/// Column pruning for rows that run through operators in .NET: when every use of the row type in the code that
/// consumes them is a read of a bound member (<c>x.Id</c>), with the rows flowing only through operators that never
/// look at a row as a whole (no equality, ordering or hashing of rows, no row handed to a method or returned to the
/// caller), a row carrying just those members is indistinguishable from a full one. The rows are then built with
/// only those members (<c>Select(r =&gt; new Row { Id = r.Id })</c>), and the scan reads only their columns.
/// The test is by type: every expression of the row type anywhere in the consuming code must pass it.
/// </summary>
internal static class RowPruning
{
    /// <summary>
    /// <paramref name="rows"/> with a projection onto the members <paramref name="consumer"/> reads, or null when
    /// the whole rows are needed (or there is nothing to gain).
    /// </summary>
    /// <param name="rows">A query whose items are rows of <paramref name="binding"/>.</param>
    /// <param name="consumer">The code that receives the rows (the query's tail, or the query using a sub-query).</param>
    /// <param name="result">The type the consumer returns to the caller.</param>
    /// <param name="binding">The rows' binding.</param>
    public static Expression? Prune(Expression rows, Expression consumer, Type result, RowBinding binding)
    {
        var rowType = binding.RowType;
        if (!typeof(IQueryable).IsAssignableFrom(rows.Type) || EnumerableMethods.ElementType(rows.Type) != rowType) return null;
        var row = Expression.Parameter(rowType, "r");
        if (Projection(row, consumer, result, binding) is not { } partial) return null;
        var select = typeof(Queryable).GetMethods().First(m => m.Name == nameof(Queryable.Select)
            && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);
        return Expression.Call(select.MakeGenericMethod(rowType, rowType), rows, Expression.Quote(Expression.Lambda(partial, row)));
    }

    /// <summary>The partial row built from <paramref name="row"/> for what <paramref name="consumer"/> reads, or null (whole rows).</summary>
    public static Expression? Projection(ParameterExpression row, Expression consumer, Type result, RowBinding binding)
    {
        if (Contains(result, binding.RowType)) return null;
        var usage = new Usage(binding.RowType);
        usage.Visit(consumer);
        if (usage.Whole) return null;
        var members = binding.All.Where(m => m.Member is not null && usage.Members.Contains(m.Member.Name)).ToList();
        return members.Count == binding.All.Count() ? null : Construct(row, binding, members);
    }

    /// <summary>new T(…) { … } with the members' values and defaults elsewhere; null when T cannot be built that way safely.</summary>
    private static Expression? Construct(ParameterExpression row, RowBinding binding, List<MemberBinding> members)
    {
        Expression created;
        if (binding.ConstructorArguments.Count > 0)
        {
            // A constructor might check its arguments; a record's primary constructor only stores them.
            if (!IsRecord(binding.RowType) || binding.Constructor is null) return null;
            created = Expression.New(binding.Constructor, binding.ConstructorArguments.Select(a => members.Contains(a)
                ? Expression.MakeMemberAccess(row, a.Member!)
                : (Expression)Expression.Default(a.Parameter!.ParameterType)));
        }
        else
        {
            created = binding.Constructor is null ? Expression.New(binding.RowType) : Expression.New(binding.Constructor);
        }
        var assignments = binding.Assignments.Where(members.Contains)
            .Select(m => (System.Linq.Expressions.MemberBinding)Expression.Bind(m.Member!, Expression.MakeMemberAccess(row, m.Member!))).ToList();
        return assignments.Count == 0 ? created : Expression.MemberInit((NewExpression)created, assignments);
    }

    private static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(System.Text.StringBuilder)])
            ?.IsDefined(typeof(CompilerGeneratedAttribute)) == true;

    /// <summary>Whether values of <paramref name="type"/> can hold a row: the row type, or an array or generic type over it.</summary>
    internal static bool Contains(Type type, Type row) =>
        type == row || (type.HasElementType && Contains(type.GetElementType()!, row))
                    || (type.IsGenericType && type.GetGenericArguments().Any(t => Contains(t, row)));

    /// <summary>Operators that pass rows along without looking at them; the value is the positions of type arguments that are compared (keys).</summary>
    private static readonly Dictionary<string, int[]> s_passThrough = new()
    {
        ["Where"] = [], ["Select"] = [], ["SelectMany"] = [], ["Skip"] = [], ["Take"] = [], ["SkipWhile"] = [], ["TakeWhile"] = [],
        ["SkipLast"] = [], ["TakeLast"] = [], ["Reverse"] = [], ["Shuffle"] = [], ["Count"] = [], ["LongCount"] = [], ["Any"] = [],
        ["All"] = [], ["First"] = [], ["FirstOrDefault"] = [], ["Last"] = [], ["LastOrDefault"] = [], ["Single"] = [],
        ["SingleOrDefault"] = [], ["ElementAt"] = [], ["ElementAtOrDefault"] = [], ["Append"] = [], ["Prepend"] = [], ["Concat"] = [],
        ["Zip"] = [], ["Chunk"] = [], ["Index"] = [], ["DefaultIfEmpty"] = [], ["ToList"] = [], ["ToArray"] = [], ["AsEnumerable"] = [],
        ["AsQueryable"] = [], ["Aggregate"] = [], ["Sum"] = [], ["Average"] = [],
        ["OrderBy"] = [1], ["OrderByDescending"] = [1], ["ThenBy"] = [1], ["ThenByDescending"] = [1], ["GroupBy"] = [1],
        ["Join"] = [2], ["GroupJoin"] = [2], ["LeftJoin"] = [2], ["RightJoin"] = [2], ["MinBy"] = [1], ["MaxBy"] = [1],
        ["DistinctBy"] = [1], ["UnionBy"] = [1], ["IntersectBy"] = [1], ["ExceptBy"] = [1], ["CountBy"] = [1], ["AggregateBy"] = [1],
        // Min/Max with a selector compare the selected values (type argument 1); without one they compare the items.
        ["Min"] = [0, 1], ["Max"] = [0, 1],
    };

    private sealed class Usage(Type row) : ExpressionVisitor
    {
        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);
        public bool Whole { get; private set; }

        private bool HasRow(Type type) => Contains(type, row);

        public override Expression? Visit(Expression? node)
        {
            if (Whole || node is null) return node;
            return base.Visit(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is { } target && target.Type == row)
            {
                if (node.Member is PropertyInfo or FieldInfo) Members.Add(node.Member.Name);
                if (!IsBoundLike(node.Member)) Whole = true;
                VisitTarget(target);
                return node;
            }
            return base.VisitMember(node);
        }

        /// <summary>A member read's target: the row itself is fine there, and its own parts are checked.</summary>
        private void VisitTarget(Expression target)
        {
            if (target is ParameterExpression) return;
            Visit(target);
        }

        /// <summary>Auto-properties and fields; a computed property may read anything.</summary>
        private bool IsBoundLike(MemberInfo member) => member switch
        {
            FieldInfo => true,
            PropertyInfo property => property.GetMethod?.IsDefined(typeof(CompilerGeneratedAttribute)) == true,
            _ => false,
        };

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var declaring = node.Method.DeclaringType;
            if ((declaring == typeof(Enumerable) || declaring == typeof(Queryable)) && s_passThrough.TryGetValue(node.Method.Name, out var keys))
            {
                var arguments = node.Method.IsGenericMethod ? node.Method.GetGenericArguments() : [];
                var compared = keys.Where(k => k < arguments.Length).ToList();
                // Min/Max compare the items themselves without a selector (one type argument).
                if (node.Method.Name is "Min" or "Max") compared = arguments.Length switch { 0 => [], 1 => [0], _ => [1] };
                if (compared.Any(k => HasRow(arguments[k]))) Whole = true;
                return base.VisitMethodCall(node);
            }
            if (node.Object is { } target && HasRow(target.Type) && !IsContainerMember(target.Type)) Whole = true;
            if (node.Arguments.Any(a => HasRow(a.Type)) || HasRow(node.Type)) Whole = true;
            return base.VisitMethodCall(node);
        }

        /// <summary>Reading a list's Count or a grouping's Key does not look at the rows.</summary>
        private static bool IsContainerMember(Type type) => type.IsGenericType || type.IsArray;

        protected override Expression VisitNew(NewExpression node)
        {
            if (node.Arguments.Any(a => HasRow(a.Type)) && !IsTupleLike(node.Type)) Whole = true;
            return base.VisitNew(node);
        }

        /// <summary>Anonymous types and value tuples just carry the row (their equality would use it, but they are then compared by type arguments).</summary>
        private static bool IsTupleLike(Type type) =>
            type.IsGenericType && (type.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal)
                                   || type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true);

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType != ExpressionType.Coalesce && (HasRow(node.Left.Type) || HasRow(node.Right.Type))) Whole = true;
            return base.VisitBinary(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node.NodeType is not (ExpressionType.Quote or ExpressionType.ArrayLength) && HasRow(node.Operand.Type) && node.Type != node.Operand.Type)
                Whole = true;
            return base.VisitUnary(node);
        }

        protected override Expression VisitTypeBinary(TypeBinaryExpression node)
        {
            if (HasRow(node.Expression.Type)) Whole = true;
            return base.VisitTypeBinary(node);
        }

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            if (node.Arguments.Any(a => HasRow(a.Type))) Whole = true;
            return base.VisitInvocation(node);
        }

        protected override Expression VisitMemberInit(MemberInitExpression node)
        {
            if (node.Bindings.OfType<MemberAssignment>().Any(b => HasRow(b.Expression.Type))) Whole = true;
            return base.VisitMemberInit(node);
        }

        protected override Expression VisitListInit(ListInitExpression node)
        {
            if (HasRow(node.Type)) Whole = true;
            return base.VisitListInit(node);
        }

        protected override Expression VisitIndex(IndexExpression node)
        {
            if (node.Object is { } target && HasRow(target.Type) && !target.Type.IsArray) Whole = true;
            return base.VisitIndex(node);
        }

        protected override Expression VisitExtension(Expression node) => node;
    }
}
