using System.Linq.Expressions;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// Stands for a value the query computes outside the rows (a constant, a captured variable, or any sub-tree that
/// does not depend on the rows), numbered in the order the parameterizer met it. Plans are cached with these in
/// place of the values, so one plan serves every execution of the same shape; each execution supplies its
/// values as an object array, read by <see cref="Read"/>. A <see cref="Deferred"/> parameter holds the value of a
/// sub-query over another source, computed once per execution before the scan; if computing it failed, the
/// failure is rethrown where the query reads the value, as LINQ to Objects would throw it there.
/// </summary>
internal sealed class QueryParameterExpression(int index, Type type, bool deferred = false) : Expression
{
    public int Index { get; } = index;
    public override Type Type { get; } = type;
    public bool Deferred { get; } = deferred;
    public override ExpressionType NodeType => ExpressionType.Extension;
    public override bool CanReduce => false;

    protected override Expression VisitChildren(ExpressionVisitor visitor) => this;

    /// <summary>(T)values[index]: how compiled code reads the value of this execution.</summary>
    public Expression Read(ParameterExpression values) => Deferred
        ? Call(typeof(Execution.DeferredFailure).GetMethod(nameof(Execution.DeferredFailure.Unwrap))!.MakeGenericMethod(Type), ArrayIndex(values, Constant(Index)))
        : Convert(ArrayIndex(values, Constant(Index)), Type);

    public override string ToString() => "@p" + Index;
}

/// <summary>
/// A call re-linq would mistake for a query operator it knows (it registers operators by name, so a .NET 6+
/// overload such as Take(Range) or Contains with a comparer reaches the wrong parser). Hidden in this node, the
/// call passes through parsing untouched and is compiled as written, with its arguments translated.
/// </summary>
internal sealed class OpaqueCallExpression(MethodCallExpression call) : Expression
{
    public MethodCallExpression Method { get; } = call;
    public override Type Type => Method.Type;
    public override ExpressionType NodeType => ExpressionType.Extension;
    public override bool CanReduce => false;

    protected override Expression VisitChildren(ExpressionVisitor visitor)
    {
        var target = visitor.Visit(Method.Object);
        var arguments = visitor.Visit(Method.Arguments);
        return target == Method.Object && arguments == Method.Arguments ? this : new OpaqueCallExpression(Method.Update(target, arguments));
    }

    public override string ToString() => Method.ToString();
}
