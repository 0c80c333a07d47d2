namespace Linq2PyArrow.Sources;

/// <summary>One (column, op, value) predicate of a pushed filter; op is one of == != &lt; &lt;= &gt; &gt;= in, not in.</summary>
internal sealed record FilterTerm(string Column, string Op, object? Value)
{
    public override string ToString() => $"({Column}, {Op}, {FormatValue(Value)})";

    internal static string FormatValue(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        System.Collections.IEnumerable items and not string and not byte[] =>
            "[" + string.Join(", ", items.Cast<object?>().Select(FormatValue)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// Filters in pyarrow.parquet's disjunctive normal form: the outer list is an OR of inner lists, each an AND of
/// terms. Hints only: the provider evaluates the whole predicate itself as well.
/// </summary>
internal sealed record FilterDnf(IReadOnlyList<IReadOnlyList<FilterTerm>> Disjuncts)
{
    public override string ToString() =>
        "[" + string.Join(", ", Disjuncts.Select(c => "[" + string.Join(", ", c) + "]")) + "]";
}

/// <summary>What the query asks of the source: the columns it needs, pushable filters, and a row limit per partition.</summary>
/// <param name="Columns">Needed columns in schema order; null means all of them.</param>
/// <param name="Filters">Pushable filters, or null.</param>
/// <param name="Limit">The most rows the query can need from one partition, or null.</param>
internal sealed record ScanRequest(IReadOnlyList<string>? Columns, FilterDnf? Filters, long? Limit)
{
    public static ScanRequest All { get; } = new(null, null, null);
}
