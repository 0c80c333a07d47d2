using System.Linq.Expressions;
using Linq2PyArrow.Linq.Execution;
using Linq2PyArrow.Linq.Parsing;

namespace Linq2PyArrow.Linq.Translation.Composite;

/// <summary>A sub-query taken out of a query: its expression, how it is used, and the parameter that stands for it.</summary>
internal sealed record HoistedQuery(int Index, Expression Query, SlotKind Kind, Type Type);

/// <summary>
/// Takes every query over a Python source that is not the query's own chain (the second sequence of Concat, Join,
/// Zip…; a sub-query inside a lambda: <c>r =&gt; other.Any(o =&gt; o.Id == r.Id)</c>) out of the expression, as far up
/// its operator chain as it does not depend on the lambda's rows: that part runs once per execution with its own
/// pushdown (<c>other.Where(o =&gt; o.Flag)</c> pushes its filter), and a parameter takes its place. What remains
/// of such chains (the correlated part) and Queryable calls over other queryables become Enumerable calls, which
/// run in .NET.
/// </summary>
internal sealed class SourceHoister : ExpressionVisitor
{
    private readonly SlotTable _slots;
    private int _lambdaDepth;

    private SourceHoister(SlotTable slots) => _slots = slots;

    public List<HoistedQuery> Hoisted { get; } = [];

    /// <summary>The query with its sub-queries replaced by parameters, and those sub-queries.</summary>
    public static (Expression Query, List<HoistedQuery> Hoisted) Hoist(Expression query, SlotTable slots)
    {
        var hoister = new SourceHoister(slots);
        return (hoister.VisitChain(query), hoister.Hoisted);
    }

    /// <summary>The query's own chain stays as it is (re-linq and the prefix planner read it); its arguments are visited.</summary>
    private Expression VisitChain(Expression node)
    {
        if (node is not MethodCallExpression { Method.DeclaringType: var declaring, Arguments.Count: > 0 } call || declaring != typeof(Queryable)) return node;
        var arguments = new List<Expression> { VisitChain(call.Arguments[0]) };
        arguments.AddRange(call.Arguments.Skip(1).Select(a => Visit(a)!));
        return call.Update(call.Object, arguments);
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is null) return null;
        if (IsSourceChain(node) && !FreeParameters.Any(node)) return Hoist(node);
        return base.Visit(node);
    }

    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        _lambdaDepth++;
        try
        {
            return base.VisitLambda(node);
        }
        finally
        {
            _lambdaDepth--;
        }
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var target = Visit(node.Object);
        var arguments = node.Arguments.Select(a => Visit(a)!).ToList();
        if (node.Method.DeclaringType == typeof(Queryable)) return EnumerableCounterpart.Call(node.Method, arguments);
        return node.Update(target, arguments);
    }

    private Expression Hoist(Expression query)
    {
        var index = _slots.Allocate();
        var sequence = typeof(IQueryable).IsAssignableFrom(query.Type);
        var kind = sequence ? (_lambdaDepth > 0 ? SlotKind.Buffered : SlotKind.Streamed) : SlotKind.Value;
        var type = sequence ? EnumerableMethods.ElementType(query.Type) : query.Type;
        Hoisted.Add(new HoistedQuery(index, query, kind, type));
        if (sequence) return new QueryParameterExpression(index, typeof(IEnumerable<>).MakeGenericType(type));
        // A bool parameter would be pushed as a constant true/false; this one may hold a failure to rethrow instead.
        if (type == typeof(bool)) return Expression.Convert(new QueryParameterExpression(index, typeof(bool?), deferred: true), typeof(bool));
        return new QueryParameterExpression(index, type, deferred: true);
    }

    /// <summary>A Python source's root, or a chain of Queryable operators over one.</summary>
    public static bool IsSourceChain(Expression node)
    {
        while (node is MethodCallExpression { Arguments.Count: > 0 } call && call.Method.DeclaringType == typeof(Queryable)) node = call.Arguments[0];
        return PythonQueryProvider.RootOf(node) is not null;
    }

    /// <summary>Whether an expression reads a lambda parameter it does not declare itself (it depends on an enclosing lambda's rows).</summary>
    private sealed class FreeParameters : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> _declared = [];
        private bool _found;

        public static bool Any(Expression node)
        {
            var visitor = new FreeParameters();
            visitor.Visit(node);
            return visitor._found;
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _declared.UnionWith(node.Parameters);
            return base.VisitLambda(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (!_declared.Contains(node)) _found = true;
            return node;
        }

        protected override Expression VisitExtension(Expression node) => node;
    }
}
