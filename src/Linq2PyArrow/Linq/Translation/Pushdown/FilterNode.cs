using System.Linq.Expressions;
using Linq2PyArrow.Linq.Parsing;
using Linq2PyArrow.Materialization;
using MemberBinding = Linq2PyArrow.Materialization.MemberBinding;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq.Translation.Pushdown;

/// <summary>
/// The pushable part of a predicate in negation normal form: AND/OR over terms whose values are parameters.
/// A part that cannot be pushed is a <see cref="Relaxed"/> leaf meaning "true", so the pushed filter always
/// keeps a superset of the rows the predicate keeps (NNF is monotone in its leaves). The DNF is built per
/// execution, because a term's pushability can depend on its value (a null or a NaN is never pushed).
/// </summary>
internal abstract class FilterNode
{
    /// <summary>The pushed filter for these parameter values, or null for none.</summary>
    public FilterDnf? ToDnf(object?[] values)
    {
        var result = Expand(new DnfContext(values));
        // Empty: nothing can match. .NET finds that out itself; an empty DNF means "no filter" to some sources.
        if (result is null || result.Count == 0) return null;
        return new FilterDnf(result.Select(c => (IReadOnlyList<FilterTerm>)c).ToList());
    }

    /// <summary>null: true (no constraint); empty: false; otherwise OR of ANDs.</summary>
    internal abstract List<List<FilterTerm>>? Expand(DnfContext context);

    /// <summary>The filter as the plan shows it, parameters as @pN.</summary>
    public abstract string Describe();

    internal sealed class DnfContext(object?[] values)
    {
        /// <summary>Pushing beyond this many conjunctions would cost the source more than it saves.</summary>
        public const int MaxConjunctions = 64;

        public object?[] Values { get; } = values;
    }
}

internal sealed class AndFilter(IReadOnlyList<FilterNode> children) : FilterNode
{
    public IReadOnlyList<FilterNode> Children { get; } = children;

    internal override List<List<FilterTerm>>? Expand(DnfContext context)
    {
        List<List<FilterTerm>>? result = null;
        foreach (var child in Children)
        {
            var expanded = child.Expand(context);
            if (expanded is null) continue;
            if (expanded.Count == 0) return expanded;
            if (result is null)
            {
                result = expanded;
                continue;
            }
            // Over the cap this conjunct is left to .NET: the pushed filter stays a superset.
            if ((long)result.Count * expanded.Count > DnfContext.MaxConjunctions) continue;
            result = result.SelectMany(left => expanded.Select(right => left.Concat(right).ToList())).ToList();
        }
        return result;
    }

    public override string Describe() => "(" + string.Join(" AND ", Children.Select(c => c.Describe())) + ")";
}

internal sealed class OrFilter(IReadOnlyList<FilterNode> children) : FilterNode
{
    public IReadOnlyList<FilterNode> Children { get; } = children;

    internal override List<List<FilterTerm>>? Expand(DnfContext context)
    {
        var result = new List<List<FilterTerm>>();
        foreach (var child in Children)
        {
            var expanded = child.Expand(context);
            if (expanded is null) return null;
            result.AddRange(expanded);
            if (result.Count > DnfContext.MaxConjunctions) return null;
        }
        return result;
    }

    public override string Describe() => "(" + string.Join(" OR ", Children.Select(c => c.Describe())) + ")";
}

/// <summary>
/// (column, op, value): value is a parameter (or constant) converted for the column at execution.
/// <paramref name="valueType"/>: the runtime type the value must have (object.Equals is false across types), or
/// null; <paramref name="comparer"/>: the comparer of Contains(collection, item, comparer), pushed only when it is
/// null or the default one at execution.
/// </summary>
internal sealed class TermFilter(MemberBinding column, string op, Expression value, Type? valueType = null, Expression? comparer = null) : FilterNode
{
    public MemberBinding Column { get; } = column;
    public string Op { get; } = op;
    public Expression Value { get; } = value;

    internal override List<List<FilterTerm>>? Expand(DnfContext context)
    {
        var raw = Evaluate(Value, context);
        if (valueType is not null && raw is not null && raw.GetType() != valueType) return null;
        if (comparer is not null && Evaluate(comparer, context) is { } custom && !IsDefaultComparer(custom)) return null;
        var converted = Op is "in" or "not in" ? FilterValues.ForList(raw, Column, Op) : FilterValues.For(raw, Column, Op);
        return converted is null ? null : [[new FilterTerm(Column.Column, Op, converted.Value.Value)]];
    }

    private static object? Evaluate(Expression node, DnfContext context) => node switch
    {
        QueryParameterExpression parameter => context.Values[parameter.Index],
        ConstantExpression constant => constant.Value,
        _ => throw new InvalidOperationException($"Filter value {node} is neither a parameter nor a constant."),
    };

    private static bool IsDefaultComparer(object comparer)
    {
        var type = comparer.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEqualityComparer<>))?.GetGenericArguments()[0];
        return type is not null && ReferenceEquals(comparer,
            typeof(EqualityComparer<>).MakeGenericType(type).GetProperty(nameof(EqualityComparer<int>.Default))!.GetValue(null));
    }

    public override string Describe() => $"{Column.Column} {Op} {Value}";
}

/// <summary>A captured bool (<c>flag || r.Id &gt; 5</c>): true or false per execution.</summary>
internal sealed class BoolParameterFilter(int index, bool negated) : FilterNode
{
    internal override List<List<FilterTerm>>? Expand(DnfContext context) =>
        context.Values[index] is bool value && value != negated ? null : [];

    public override string Describe() => (negated ? "NOT " : "") + "@p" + index;
}

/// <summary>Something only .NET can evaluate: "true" for the pushed filter.</summary>
internal sealed class Relaxed : FilterNode
{
    public static Relaxed Instance { get; } = new();

    internal override List<List<FilterTerm>>? Expand(DnfContext context) => null;

    public override string Describe() => "<.NET>";
}
