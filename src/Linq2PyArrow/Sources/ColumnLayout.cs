namespace Linq2PyArrow.Sources;

/// <summary>The requested columns of a batch query: names in the caller's order and their positions in the scan.</summary>
internal sealed class ColumnLayout(string sourceName, IReadOnlyList<string> names, int[] ordinals)
{
    private readonly Dictionary<string, int> _index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

    public string SourceName { get; } = sourceName;
    public IReadOnlyList<string> Names { get; } = names;
    public int[] Ordinals { get; } = ordinals;

    public int IndexOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return _index.TryGetValue(column, out var index)
            ? index
            : throw new ArgumentException(
                $"Column '{column}' is not in this batch of '{SourceName}'; its columns are: {string.Join(", ", Names)}. " +
                "Request it in ForEachBatch/AggregateBatches (no column list means every column of the schema).", nameof(column));
    }
}
