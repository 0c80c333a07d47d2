namespace Linq2PyArrow.Sources;

/// <summary>The requested columns of a batch query: names in the caller's order and their positions in the scan.</summary>
internal sealed class ColumnLayout(string sourceName, IReadOnlyList<string> names, int[] ordinals)
{
    private readonly Dictionary<string, int> _index = names.Select((n, i) => (n, i)).DistinctBy(p => p.n)
        .ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

    public string SourceName { get; } = sourceName;
    public IReadOnlyList<string> Names { get; } = names;
    public int[] Ordinals { get; } = ordinals;

    public int IndexOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (_index.TryGetValue(column, out var index)) return index;
        var folded = Names.Where(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        return folded is [var single]
            ? _index[single]
            : throw new ArgumentException(
                $"Column '{column}' is not in this batch of '{SourceName}'; its columns are: {string.Join(", ", Names)}. " +
                "Request it in ForEachBatch/AggregateBatches (no column list means every column of the schema, or of the query's Select).",
                nameof(column));
    }

    /// <summary>
    /// The requested names as spelled in <paramref name="available"/> (exact, else the one equal ignoring case), in the
    /// caller's order; all of <paramref name="available"/> when none are requested.
    /// </summary>
    public static List<string> Match(IReadOnlyList<string> available, IEnumerable<string>? requested, Func<string, Exception> unknown)
    {
        var wanted = requested?.ToList() ?? [];
        if (wanted.Count == 0) return available.ToList();
        var names = new List<string>(wanted.Count);
        foreach (var column in wanted)
        {
            ArgumentNullException.ThrowIfNull(column, "columns");
            var match = available.Contains(column) ? column
                : available.Where(d => string.Equals(d, column, StringComparison.OrdinalIgnoreCase)).ToList() is [var single] ? single
                : throw unknown(column);
            if (names.Contains(match)) throw new ArgumentException($"Column '{match}' is requested twice.", "columns");
            names.Add(match);
        }
        return names;
    }
}
