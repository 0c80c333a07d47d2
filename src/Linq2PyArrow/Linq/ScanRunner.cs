using System.Runtime.CompilerServices;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq;

/// <summary>
/// Runs a scan and turns its batches into results: an optional compiled filter produces a selection vector,
/// a compiled projector builds the results of the selected rows, then the batch is released, before any result
/// is handed out, so no result ever points into freed memory and at most one batch of results is buffered.
/// </summary>
internal static class ScanRunner
{
    public static IEnumerable<TResult> Rows<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, CancellationToken cancellation = default)
    {
        using var scan = ParallelScan.Start(context.Source, request, context.Settings, cancellation);
        var results = new List<TResult>();
        int[] selection = [];
        while (true)
        {
            using (var batch = scan.Read(cancellation))
            {
                if (batch is null) yield break;
                ProjectBatch(batch, filter, projector, parameters, results, ref selection);
            }
            foreach (var result in results) yield return result;
            results.Clear();
        }
    }

    public static async IAsyncEnumerable<TResult> RowsAsync<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        using var scan = ParallelScan.Start(context.Source, request, context.Settings, cancellation);
        var results = new List<TResult>();
        int[] selection = [];
        while (true)
        {
            using (var batch = await scan.ReadAsync(cancellation).ConfigureAwait(false))
            {
                if (batch is null) yield break;
                ProjectBatch(batch, filter, projector, parameters, results, ref selection);
            }
            foreach (var result in results)
            {
                cancellation.ThrowIfCancellationRequested();
                yield return result;
            }
            results.Clear();
        }
    }

    private static void ProjectBatch<TResult>(ScanBatch batch, BatchFilter? filter, BatchProjector<TResult> projector,
        object?[]? parameters, List<TResult> results, ref int[] selection)
    {
        if (filter is null)
        {
            projector.Project(batch, null, batch.Length, results, parameters);
            return;
        }
        var count = Select(batch, filter, parameters, ref selection);
        projector.Project(batch, selection, count, results, parameters);
    }

    /// <summary>Runs the filter over a batch into a selection vector grown as needed; returns the count selected.</summary>
    public static int Select(ScanBatch batch, BatchFilter filter, object?[]? parameters, ref int[] selection)
    {
        if (selection.Length < batch.Length) selection = new int[batch.Length];
        return filter.Select(batch, selection, parameters);
    }
}
