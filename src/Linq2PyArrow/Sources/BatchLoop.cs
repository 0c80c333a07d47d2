using Linq2PyArrow.Materialization;

namespace Linq2PyArrow.Sources;

/// <summary>
/// Runs a columnar scan (ForEachBatch, AggregateBatches): each batch gets its row selection (the query's whole
/// predicate, when it has one), goes to the callback, and is disposed as soon as the callback returns, so the
/// producer's memory is released batch by batch and never read afterwards.
/// </summary>
internal static class BatchLoop
{
    /// <summary>The columns to scan and how a batch exposes them, for a query without operators; checks the names against the declared schema.</summary>
    public static (ScanRequest Request, ColumnLayout Layout) Plan(DataSource source, IEnumerable<string>? columns)
    {
        var declared = source.Schema.FieldsList.Select(f => f.Name).ToList();
        var names = ColumnLayout.Match(declared, columns, column => new ArgumentException(
            $"Python data source '{source.Name}' has no column '{column}'. Its columns: {string.Join(", ", declared)}.", nameof(columns)));
        var scanColumns = declared.Where(names.Contains).ToList(); // the scan keeps schema order
        var ordinals = names.Select(n => scanColumns.IndexOf(n)).ToArray();
        return (new ScanRequest(scanColumns, null, null), new ColumnLayout(source.Name, names, ordinals));
    }

    public static TState Run<TState>(DataSource source, PythonSourceSettings settings, ScanRequest request, ColumnLayout layout,
        BatchSelection selection, TState state, ColumnBatchAggregator<TState> aggregator, CancellationToken cancellation)
    {
        using var scan = ParallelScan.Start(source, request, settings, cancellation, synchronous: true);
        while (scan.Read(cancellation) is { } batch)
        {
            using (batch) state = Invoke(aggregator, state, batch, layout, selection);
        }
        return state;
    }

    public static async Task<TState> RunAsync<TState>(DataSource source, PythonSourceSettings settings, ScanRequest request, ColumnLayout layout,
        BatchSelection selection, TState state, ColumnBatchAggregator<TState> aggregator, CancellationToken cancellation)
    {
        using var scan = ParallelScan.Start(source, request, settings, cancellation);
        while (await scan.ReadAsync(cancellation).ConfigureAwait(false) is { } batch)
        {
            using (batch) state = Invoke(aggregator, state, batch, layout, selection);
        }
        return state;
    }

    /// <summary>Outside the async method: a ref struct cannot live in an async state machine.</summary>
    private static TState Invoke<TState>(ColumnBatchAggregator<TState> aggregator, TState state, ScanBatch batch, ColumnLayout layout,
        BatchSelection selection)
    {
        selection.Apply(batch);
        return aggregator(state, new ColumnBatch(batch, layout, selection));
    }
}
