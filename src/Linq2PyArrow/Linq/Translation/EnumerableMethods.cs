using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Translation;

/// <summary>Builds calls to LINQ-to-Objects operators, resolving the overload from the arguments' types.</summary>
internal static class EnumerableMethods
{
    private static readonly ConcurrentDictionary<(string, int), MethodInfo[]> s_byName = new();

    /// <summary>Enumerable.name&lt;typeArguments&gt;(arguments), the overload whose parameters accept the arguments exactly.</summary>
    public static MethodCallExpression Call(string name, Type[] typeArguments, params Expression[] arguments)
    {
        var method = Find(name, typeArguments, arguments.Select(a => a.Type).ToArray())
            ?? throw new InvalidOperationException($"Enumerable.{name} has no overload for ({string.Join(", ", arguments.Select(a => a.Type.Name))}).");
        return Expression.Call(method, arguments);
    }

    public static MethodInfo? Find(string name, Type[] typeArguments, Type[] argumentTypes)
    {
        var candidates = s_byName.GetOrAdd((name, argumentTypes.Length), key => typeof(Enumerable).GetMethods()
            .Where(m => m.Name == key.Item1 && m.GetParameters().Length == key.Item2).ToArray());
        // Exact non-generic overloads first (Sum(IEnumerable<long>)), then generic ones.
        foreach (var candidate in candidates.OrderBy(c => c.IsGenericMethodDefinition))
        {
            MethodInfo method;
            if (candidate.IsGenericMethodDefinition)
            {
                if (candidate.GetGenericArguments().Length != typeArguments.Length) continue;
                try
                {
                    method = candidate.MakeGenericMethod(typeArguments);
                }
                catch (ArgumentException)
                {
                    continue; // a constraint does not hold
                }
            }
            else
            {
                method = candidate;
            }
            var parameters = method.GetParameters();
            if (parameters.Select((p, i) => Accepts(p.ParameterType, argumentTypes[i])).All(ok => ok)) return method;
        }
        return null;
    }

    private static bool Accepts(Type parameter, Type argument) =>
        parameter == argument || (parameter.IsAssignableFrom(argument) && !(argument.IsValueType && !parameter.IsValueType));

    /// <summary>Enumerable.First/Single/Last(OrDefault)(source, predicate).</summary>
    public static bool IsElementWithPredicate(MethodInfo method) =>
        method.DeclaringType == typeof(Enumerable) && Operators.OperatorRegistry.IsElementWithPredicate(method)
        && method.GetParameters()[1].ParameterType.IsGenericType;

    /// <summary>The element type of an IEnumerable&lt;T&gt; type.</summary>
    public static Type ElementType(Type sequence) =>
        (sequence.IsGenericType && sequence.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? sequence
            : sequence.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
        ?.GetGenericArguments()[0] ?? throw new InvalidOperationException($"{sequence} is not a sequence.");

    /// <summary>source as an IEnumerable&lt;element&gt; (a Cast when its static element type differs).</summary>
    public static Expression AsSequenceOf(Expression source, Type element)
    {
        var sequence = typeof(IEnumerable<>).MakeGenericType(element);
        if (sequence.IsAssignableFrom(source.Type)) return source;
        return Call(nameof(Enumerable.Cast), [element], Expression.Convert(source, typeof(System.Collections.IEnumerable)));
    }

    /// <summary>A lambda with one parameter of the item type.</summary>
    public static LambdaExpression Lambda(ParameterExpression parameter, Expression body) =>
        Expression.Lambda(typeof(Func<,>).MakeGenericType(parameter.Type, body.Type), body, parameter);
}
