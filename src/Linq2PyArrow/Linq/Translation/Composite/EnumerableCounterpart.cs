using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Translation.Composite;

/// <summary>
/// The LINQ-to-Objects twin of a Queryable operator: same name, same type arguments, IQueryable parameters as
/// IEnumerable and Expression&lt;F&gt; as F. What runs in .NET is the real Enumerable operator with the user's
/// lambdas, so it has LINQ to Objects' results and exceptions by construction.
/// </summary>
internal static class EnumerableCounterpart
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo> s_definitions = new();

    /// <summary>A Queryable overload LINQ to Objects does not have (Queryable.MinBy with an IComparer&lt;TSource&gt;, obsolete).</summary>
    internal sealed class MissingCounterpartException(MethodInfo method)
        : InvalidOperationException($"System.Linq.Enumerable has no counterpart of {method}.")
    {
        public MethodInfo Method { get; } = method;
    }

    /// <summary>Enumerable's operator for <paramref name="method"/>, or the method itself when it already takes sequences (AsQueryable).</summary>
    public static MethodInfo For(MethodInfo method)
    {
        if (method.DeclaringType != typeof(Queryable) || method.Name == nameof(Queryable.AsQueryable)) return method;
        var definition = method.IsGenericMethod ? method.GetGenericMethodDefinition() : method;
        var counterpart = s_definitions.GetOrAdd(definition, Find);
        return counterpart.IsGenericMethodDefinition ? counterpart.MakeGenericMethod(method.GetGenericArguments()) : counterpart;
    }

    /// <summary>The call with its Queryable operator replaced by Enumerable's, quoted lambdas unquoted.</summary>
    public static Expression Call(MethodInfo method, IEnumerable<Expression> arguments)
    {
        var target = For(method);
        var parameters = target.GetParameters();
        var converted = arguments.Select((argument, i) => Adapt(Unquote(argument), parameters[i].ParameterType)).ToList();
        return Expression.Call(target, converted);
    }

    public static Expression Unquote(Expression argument) =>
        argument is UnaryExpression { NodeType: ExpressionType.Quote, Operand: var lambda } ? lambda : argument;

    /// <summary>Sequences as the parameter's type (Cast and OfType read a non-generic IEnumerable, as the async rewrite expects).</summary>
    private static Expression Adapt(Expression argument, Type parameter) =>
        argument.Type == parameter || !typeof(System.Collections.IEnumerable).IsAssignableFrom(argument.Type)
            || (parameter != typeof(System.Collections.IEnumerable) && parameter.IsAssignableFrom(argument.Type))
            ? argument
            : Expression.Convert(argument, parameter);

    private static MethodInfo Find(MethodInfo definition)
    {
        var wanted = definition.GetParameters().Select(p => Map(p.ParameterType)).ToArray();
        var arity = definition.IsGenericMethodDefinition ? definition.GetGenericArguments().Length : 0;
        return typeof(Enumerable).GetMethods(BindingFlags.Public | BindingFlags.Static)
                   .Where(m => m.Name == definition.Name && (m.IsGenericMethodDefinition ? m.GetGenericArguments().Length : 0) == arity)
                   .FirstOrDefault(m => m.GetParameters() is var ps && ps.Length == wanted.Length
                                        && ps.Select((p, i) => Same(p.ParameterType, wanted[i])).All(same => same))
               ?? throw new MissingCounterpartException(definition);
    }

    /// <summary>Queryable's parameter type as Enumerable spells it.</summary>
    private static Type Map(Type type)
    {
        if (type == typeof(IQueryable)) return typeof(System.Collections.IEnumerable);
        if (!type.IsGenericType) return type;
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if (definition == typeof(Expression<>)) return arguments[0];
        if (definition == typeof(IQueryable<>)) return typeof(IEnumerable<>).MakeGenericType(arguments);
        if (definition == typeof(IOrderedQueryable<>)) return typeof(IOrderedEnumerable<>).MakeGenericType(arguments);
        return type;
    }

    /// <summary>Equal types, where method type parameters match by position (the two methods are different definitions).</summary>
    private static bool Same(Type a, Type b)
    {
        if (a.IsGenericParameter || b.IsGenericParameter)
            return a.IsGenericParameter && b.IsGenericParameter && a.GenericParameterPosition == b.GenericParameterPosition
                   && (a.DeclaringMethod is null) == (b.DeclaringMethod is null);
        if (a.IsArray || b.IsArray) return a.IsArray && b.IsArray && Same(a.GetElementType()!, b.GetElementType()!);
        if (a.IsGenericType != b.IsGenericType) return false;
        if (!a.IsGenericType) return a == b;
        if (a.GetGenericTypeDefinition() != b.GetGenericTypeDefinition()) return false;
        var x = a.GetGenericArguments();
        var y = b.GetGenericArguments();
        return x.Length == y.Length && x.Select((t, i) => Same(t, y[i])).All(same => same);
    }
}
