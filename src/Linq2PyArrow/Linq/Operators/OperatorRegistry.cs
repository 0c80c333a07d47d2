using System.Reflection;
using Linq2PyArrow.Linq.Translation;
using Linq2PyArrow.Linq.Translation.ResultOperators;
using Remotion.Linq.Clauses;

namespace Linq2PyArrow.Linq.Operators;

/// <summary>
/// The one list of query operators: every translator declares what it handles (<see cref="TranslatesAttribute"/>),
/// and this registry answers from those declarations which overloads the pushdown translator takes (the rest of a
/// query runs in .NET), which translator turns a re-linq result operator into .NET code, and what the README's
/// operator table says.
/// </summary>
internal static class OperatorRegistry
{
    private static readonly List<(TranslatesAttribute Declaration, IQueryOperator Operator)> s_declared = typeof(OperatorRegistry).Assembly.GetTypes()
        .Select(t => (Type: t, Declaration: t.GetCustomAttribute<TranslatesAttribute>()))
        .Where(d => d.Declaration is not null)
        .Select(d => (d.Declaration!, (IQueryOperator)Activator.CreateInstance(d.Type)!))
        .ToList();

    private static readonly Dictionary<Type, IResultOperatorTranslator> s_resultOperators = s_declared
        .SelectMany(d => d.Declaration.ResultOperators.Select(type => (type, (IResultOperatorTranslator)d.Operator)))
        .ToDictionary(d => d.type, d => d.Item2);

    private static readonly HashSet<MethodInfo> s_pushable = typeof(Queryable).GetMethods().Concat(typeof(Enumerable).GetMethods())
        .Where(m => m.GetParameters().Length > 0 && Pushing(new Overload(m)) is not null)
        .Select(m => m.IsGenericMethod ? m.GetGenericMethodDefinition() : m)
        .ToHashSet();

    /// <summary>The operator that runs whatever the pushdown translator does not take, in .NET.</summary>
    public static IQueryOperator DotNet { get; } = s_declared.Single(d => d.Declaration.EverythingElse).Operator;

    /// <summary>True for overloads the pushdown translator (re-linq, the scan and kernel planners) handles.</summary>
    public static bool IsPushable(MethodInfo method) => s_pushable.Contains(method.IsGenericMethod ? method.GetGenericMethodDefinition() : method);

    /// <summary>The translator of a re-linq result operator.</summary>
    public static IResultOperatorTranslator Translator(ResultOperatorBase op, TranslationContext context) =>
        s_resultOperators.TryGetValue(op.GetType(), out var translator) ? translator : throw context.Fail($"the operator {op} is not supported.");

    /// <summary>First, Single, Last and their OrDefault forms with a predicate: LINQ words their errors differently.</summary>
    public static bool IsElementWithPredicate(MethodInfo method) =>
        (method.DeclaringType == typeof(Queryable) || method.DeclaringType == typeof(Enumerable))
        && method.Name is "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault"
        && new Overload(method) is { Count: 2 } overload && overload.IsLambda(1, 2);

    /// <summary>What handles an overload: its pushdown translator, or the .NET operator.</summary>
    public static IQueryOperator For(MethodInfo method) => Pushing(new Overload(method)) ?? DotNet;

    private static IQueryOperator? Pushing(Overload overload)
    {
        foreach (var (declaration, op) in s_declared)
            if (declaration.Methods.Contains(overload.Name) && op.Accepts(overload)) return op;
        return null;
    }

    /// <summary>
    /// The operator table: one row per translator with the Queryable operators it handles, then the operators that
    /// only run in .NET. Overloads a translator does not take (with a comparer, an index, a Range…) run in .NET too.
    /// </summary>
    public static IReadOnlyList<(IReadOnlyList<string> Operators, string Pushed, string InDotNet)> Table()
    {
        var queryable = typeof(Queryable).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Distinct().ToHashSet();
        var rows = new List<(IReadOnlyList<string>, string, string)>();
        var covered = new HashSet<string>();
        foreach (var (declaration, op) in s_declared.Where(d => !d.Declaration.EverythingElse).OrderBy(d => d.Declaration.Methods[0], StringComparer.Ordinal))
        {
            var names = declaration.Methods.Where(queryable.Contains).ToList();
            if (names.Count == 0) continue;
            covered.UnionWith(names);
            rows.Add((names, op.Pushed, op.InDotNet));
        }
        rows.Add((queryable.Where(n => !covered.Contains(n)).Order(StringComparer.Ordinal).ToList(), DotNet.Pushed, DotNet.InDotNet));
        return rows;
    }
}
