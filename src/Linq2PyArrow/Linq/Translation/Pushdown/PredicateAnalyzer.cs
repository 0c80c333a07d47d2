using System.Linq.Expressions;
using Apache.Arrow.Types;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Materialization;
using MemberBinding = Linq2PyArrow.Materialization.MemberBinding;
using Linq2PyArrow.Materialization.Readers;
using Remotion.Linq.Clauses;
using Remotion.Linq.Clauses.Expressions;
using Remotion.Linq.Clauses.ResultOperators;

namespace Linq2PyArrow.Linq.Translation.Pushdown;

/// <summary>
/// Finds the pushable part of a row predicate (in re-linq terms: <c>[r].Member</c> for columns). Pushable:
/// comparisons between a column and a parameter (either side), &amp;&amp;, ||, !, Contains over a collection
/// parameter (→ in / not in) and bool columns. Negations are pushed down to the terms, and a negated term is
/// pushed only when every common evaluator (the filter contract: exact, SQL, pyarrow) agrees with .NET:
/// <c>!(x &gt; 5)</c> is true in .NET for a null or NaN x, while <c>x &lt;= 5</c> drops that row in a source, so
/// != / not in / negated orderings on nullable and floating columns stay in .NET (NaN and null constants are
/// never pushed at all: <see cref="FilterValues"/>). Everything else becomes <see cref="Relaxed"/>.
/// </summary>
internal sealed class PredicateAnalyzer(RowBinding binding, IQuerySource row)
{
    public FilterNode Analyze(Expression predicate) => Simplify(Visit(predicate, negate: false));

    private FilterNode Visit(Expression node, bool negate)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.And } both when both.Type == typeof(bool):
                return Junction(!negate, Visit(both.Left, negate), Visit(both.Right, negate));
            case BinaryExpression { NodeType: ExpressionType.OrElse or ExpressionType.Or } either when either.Type == typeof(bool):
                return Junction(negate, Visit(either.Left, negate), Visit(either.Right, negate));
            case UnaryExpression { NodeType: ExpressionType.Not } not when not.Type == typeof(bool):
                return Visit(not.Operand, !negate);
            case BinaryExpression comparison when Operator(comparison.NodeType) is { } op:
                return Comparison(comparison.Left, op, comparison.Right, negate);
            case MethodCallExpression call when EqualityArguments(call) is var (left, right, valueType):
                return Comparison(left, "==", right, negate, valueType);
            case MethodCallExpression call when ContainsArguments(call) is var (collection, item, comparer):
                return Membership(collection, item, negate, comparer);
            case SubQueryExpression subQuery when ContainsArguments(subQuery) is var (collection, item):
                return Membership(collection, item, negate, null);
            case QueryParameterExpression parameter when parameter.Type == typeof(bool):
                return new BoolParameterFilter(parameter.Index, negate);
            default:
                if (Column(node) is { } flag && node.Type == typeof(bool))
                    return new TermFilter(flag, "==", Expression.Constant(!negate));
                return Relaxed.Instance;
        }
    }

    private static FilterNode Junction(bool isAnd, FilterNode left, FilterNode right) =>
        isAnd ? new AndFilter([left, right]) : new OrFilter([left, right]);

    private FilterNode Comparison(Expression left, string op, Expression right, bool negate, Type? valueType = null)
    {
        var column = Column(left);
        var value = right;
        if (column is null)
        {
            column = Column(right);
            value = left;
            op = Flip(op);
        }
        if (column is null || !IsValue(value)) return Relaxed.Instance;
        if (negate)
        {
            if (op is not ("==" or "!=") && (!column.Required || IsFloating(column))) return Relaxed.Instance;
            op = Negate(op);
        }
        if (op == "!=" && !column.Required) return Relaxed.Instance;
        return new TermFilter(column, op, value, valueType);
    }

    private FilterNode Membership(Expression collection, Expression item, bool negate, Expression? comparer)
    {
        if (Column(item) is not { } column || !IsValue(collection) || (comparer is not null && !IsValue(comparer))) return Relaxed.Instance;
        if (negate && !column.Required) return Relaxed.Instance;
        return new TermFilter(column, negate ? "not in" : "in", collection, comparer: comparer);
    }

    /// <summary>A bound member of the row, possibly widened or lifted to nullable (the comparison's type).</summary>
    private MemberBinding? Column(Expression node)
    {
        while (node is UnaryExpression { NodeType: ExpressionType.Convert, Method: null } convert && IsWidening(convert.Operand.Type, convert.Type))
            node = convert.Operand;
        return node is MemberExpression { Expression: QuerySourceReferenceExpression reference } member
               && ReferenceEquals(reference.ReferencedQuerySource, row)
            ? binding.Find(member.Member)
            : null;
    }

    private static bool IsWidening(Type from, Type to)
    {
        var core = Nullable.GetUnderlyingType(to) ?? to;
        var fromCore = Nullable.GetUnderlyingType(from) ?? from;
        return core == fromCore || NumericWidening.IsLossless(fromCore, core);
    }

    private static bool IsValue(Expression node) => node is QueryParameterExpression or ConstantExpression { Value: not IQueryable };

    private static bool IsFloating(MemberBinding column) =>
        column.CoreType == typeof(double) || column.CoreType == typeof(float) || column.CoreType == typeof(Half)
        || column.Field.DataType is FloatType or DoubleType or HalfFloatType;

    /// <summary>
    /// string.Equals(a, b), a.Equals(b), object.Equals(a, b), EqualityComparer&lt;T&gt;.Default.Equals(a, b) — not for
    /// floats (NaN.Equals(NaN)). Boxed arguments (object.Equals) compare equal only when their runtime types are the
    /// same (object.Equals(5L, 5) is false): pushed when both static types are the same value type, or when one is
    /// a captured object whose runtime type, checked at execution, is the other's value type.
    /// </summary>
    private static (Expression, Expression, Type?)? EqualityArguments(MethodCallExpression call)
    {
        if (call.Method.Name != nameof(Equals) || call.Type != typeof(bool)) return null;
        var (left, right) = call switch
        {
            { Object: null, Arguments: [var a, var b] } => (a, b),
            { Object: { } target, Arguments: [var b] } when target.Type == b.Type && target.Type == call.Method.DeclaringType
                && call.Method.GetParameters()[0].ParameterType == target.Type => (target, b),
            { Object: MemberExpression { Member.Name: "Default", Member.DeclaringType: { IsGenericType: true } comparer }, Arguments: [var a, var b] }
                when comparer.GetGenericTypeDefinition() == typeof(EqualityComparer<>) => (a, b),
            _ => (null!, null!),
        };
        if (left is null) return null;
        Type? valueType = null;
        var type = Core(left.Type);
        if (left.Type == typeof(object) || right.Type == typeof(object))
        {
            (left, right) = (StripObject(left), StripObject(right));
            var (leftType, rightType) = (Core(left.Type), Core(right.Type));
            type = leftType == typeof(object) ? rightType : leftType;
            if (!type.IsValueType) return null;
            if (leftType == typeof(object) || rightType == typeof(object)) valueType = type;
            else if (leftType != rightType) return null;
        }
        return type == typeof(double) || type == typeof(float) || type == typeof(Half) ? null : (left, right, valueType);
    }

    private static Type Core(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>object.Equals(a, b) boxes both sides.</summary>
    private static Expression StripObject(Expression node) =>
        node is UnaryExpression { NodeType: ExpressionType.Convert } box && node.Type == typeof(object) ? box.Operand : node;

    /// <summary>Contains(collection, item), collection.Contains(item) and Enumerable.Contains(collection, item, comparer).</summary>
    private static (Expression Collection, Expression Item, Expression? Comparer)? ContainsArguments(MethodCallExpression call) => call switch
    {
        { Method.Name: "Contains", Object: null, Arguments: [var collection, var item] } => (collection, item, null),
        { Method.Name: "Contains", Object: null, Method.DeclaringType: var declaring, Arguments: [var collection, var item, var comparer] }
            when declaring == typeof(Enumerable) => (collection, item, comparer),
        { Method.Name: "Contains", Object: { } collection, Arguments: [var item] } when collection.Type != typeof(string) => (collection, item, null),
        _ => null,
    };

    /// <summary>re-linq's form: {collection => Contains(item)}.</summary>
    private static (Expression Collection, Expression Item)? ContainsArguments(SubQueryExpression subQuery)
    {
        var model = subQuery.QueryModel;
        if (model.BodyClauses.Count != 0 || model.ResultOperators is not [ContainsResultOperator contains]) return null;
        if (model.SelectClause.Selector is not QuerySourceReferenceExpression selected || !ReferenceEquals(selected.ReferencedQuerySource, model.MainFromClause)) return null;
        return (model.MainFromClause.FromExpression, contains.Item);
    }

    private static string? Operator(ExpressionType type) => type switch
    {
        ExpressionType.Equal => "==",
        ExpressionType.NotEqual => "!=",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        _ => null,
    };

    private static string Flip(string op) => op switch
    {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        _ => op,
    };

    private static string Negate(string op) => op switch
    {
        "==" => "!=",
        "!=" => "==",
        "<" => ">=",
        "<=" => ">",
        ">" => "<=",
        _ => "<",
    };

    /// <summary>Flattens nested junctions, drops relaxed conjuncts and collapses disjunctions with a relaxed branch.</summary>
    private static FilterNode Simplify(FilterNode node)
    {
        switch (node)
        {
            case AndFilter all:
                var conjuncts = all.Children.Select(Simplify).SelectMany(c => c is AndFilter inner ? inner.Children : [c])
                    .Where(c => c is not Relaxed).ToList();
                return conjuncts.Count switch
                {
                    0 => Relaxed.Instance,
                    1 => conjuncts[0],
                    _ => new AndFilter(conjuncts),
                };
            case OrFilter any:
                var disjuncts = any.Children.Select(Simplify).SelectMany(c => c is OrFilter inner ? inner.Children : [c]).ToList();
                return disjuncts.Any(c => c is Relaxed) ? Relaxed.Instance : new OrFilter(disjuncts);
            default:
                return node;
        }
    }
}
