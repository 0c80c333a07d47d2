using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Operators;

/// <summary>
/// An operator overload as translators test it: Queryable's and Enumerable's forms alike (Expression&lt;F&gt; read
/// as F), parameter 0 being the source.
/// </summary>
internal readonly struct Overload
{
    public Overload(MethodInfo method)
    {
        Method = method.IsGenericMethod ? method.GetGenericMethodDefinition() : method;
        Parameters = Method.GetParameters().Select(p => StripExpression(p.ParameterType)).ToArray();
    }

    public MethodInfo Method { get; }
    public Type[] Parameters { get; }
    public int Count => Parameters.Length;
    public string Name => Method.Name;

    /// <summary>A Func with <paramref name="arity"/> type arguments at <paramref name="index"/> (Func&lt;T, bool&gt;: arity 2).</summary>
    public bool IsLambda(int index, int arity) =>
        index < Count && Parameters[index].IsGenericType && Parameters[index].Name == $"Func`{arity}";

    /// <summary>A generic sequence (IEnumerable&lt;T&gt;, IQueryable&lt;T&gt;, ordered ones) at <paramref name="index"/>.</summary>
    public bool IsSequence(int index) =>
        index < Count && Parameters[index].IsGenericType && Parameters[index].GetGenericTypeDefinition() is var definition
        && (definition == typeof(IEnumerable<>) || definition == typeof(IQueryable<>) || definition == typeof(IOrderedQueryable<>)
            || definition == typeof(IOrderedEnumerable<>));

    /// <summary>Source only, or source and a Func&lt;T, X&gt; (a predicate or selector).</summary>
    public bool IsPlainOrLambda => Count == 1 || (Count == 2 && IsLambda(1, 2));

    private static Type StripExpression(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Expression<>) ? type.GetGenericArguments()[0] : type;
}
