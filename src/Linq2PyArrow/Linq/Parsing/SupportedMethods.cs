using System.Linq.Expressions;
using System.Reflection;

namespace Linq2PyArrow.Linq.Parsing;

/// <summary>
/// The query operators the translator handles, as exact overloads. re-linq recognizes operators by name only,
/// so .NET 6–10 overloads with the same names (Take(Range), FirstOrDefault(defaultValue), Min(comparer)…) and
/// methods it never knew (MinBy, Index, LeftJoin…) must be caught before it parses them.
/// </summary>
internal static class SupportedMethods
{
    private static readonly HashSet<MethodInfo> s_supported = typeof(Queryable).GetMethods().Concat(typeof(Enumerable).GetMethods())
        .Where(m => m.IsGenericMethodDefinition || m.GetParameters().Length > 0)
        .Where(IsSupportedOverload)
        .ToHashSet();

    /// <summary>First, Single, Last and their OrDefault forms with a predicate: LINQ words their errors differently.</summary>
    public static bool IsElementWithPredicate(MethodInfo method) =>
        method.Name is "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault"
        && method.GetParameters().Length == 2;

    /// <summary>True for the overloads the translator knows (generic methods are checked by their definition).</summary>
    public static bool IsSupported(MethodInfo method) =>
        s_supported.Contains(method.IsGenericMethod ? method.GetGenericMethodDefinition() : method);

    private static bool IsSupportedOverload(MethodInfo method)
    {
        var parameters = method.GetParameters().Select(p => StripExpression(p.ParameterType)).ToArray();
        if (parameters.Length == 0) return false;
        if (method.Name is "Cast" or "OfType")
            return parameters.Length == 1 && (parameters[0] == typeof(IQueryable) || parameters[0] == typeof(System.Collections.IEnumerable));
        if (!IsSequence(parameters[0])) return false;
        var count = parameters.Length;
        bool Lambda(int index, int arity) =>
            index < count && parameters[index].IsGenericType && parameters[index].GetGenericTypeDefinition() == FuncOf(arity);
        return method.Name switch
        {
            "Where" or "Select" => count == 2 && Lambda(1, 2),
            "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" => count == 2 && Lambda(1, 2),
            "Take" or "Skip" => count == 2 && parameters[1] == typeof(int),
            "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault"
                or "Any" or "Count" or "LongCount" or "Sum" or "Average" or "Min" or "Max" => count == 1 || (count == 2 && Lambda(1, 2)),
            "All" => count == 2 && Lambda(1, 2),
            "Distinct" or "Reverse" => count == 1,
            "AsQueryable" => count == 1 && method.IsGenericMethodDefinition,
            "DefaultIfEmpty" => count is 1 or 2,
            "Contains" => count == 2,
            "Concat" or "Union" or "Intersect" or "Except" => count == 2 && IsSequence(parameters[1]),
            "GroupBy" => count is >= 2 and <= 4 && Lambda(1, 2) && parameters.Skip(2).All(p => p.IsGenericType && p.Name.StartsWith("Func`", StringComparison.Ordinal)),
            _ => false,
        };
    }

    private static Type StripExpression(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Expression<>) ? type.GetGenericArguments()[0] : type;

    private static bool IsSequence(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IEnumerable<>) || definition == typeof(IQueryable<>) || definition == typeof(IOrderedQueryable<>) || definition == typeof(IOrderedEnumerable<>));

    private static Type FuncOf(int arity) => arity switch
    {
        2 => typeof(Func<,>),
        3 => typeof(Func<,,>),
        _ => throw new ArgumentOutOfRangeException(nameof(arity)),
    };
}
