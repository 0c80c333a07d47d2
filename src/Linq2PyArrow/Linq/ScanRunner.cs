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
        BatchProjector<TResult> projector, CancellationToken cancellation = default)
    {
        using var scan = ParallelScan.Start(context.Source, request, context.Settings, cancellation);
        var results = new List<TResult>();
        int[] selection = [];
        while (true)
        {
            using (var batch = scan.Read(cancellation))
            {
                if (batch is null) yield break;
                ProjectBatch(batch, filter, projector, results, ref selection);
            }
            foreach (var result in results) yield return result;
            results.Clear();
        }
    }

    public static async IAsyncEnumerable<TResult> RowsAsync<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        using var scan = ParallelScan.Start(context.Source, request, context.Settings, cancellation);
        var results = new List<TResult>();
        int[] selection = [];
        while (true)
        {
            using (var batch = await scan.ReadAsync(cancellation).ConfigureAwait(false))
            {
                if (batch is null) yield break;
                ProjectBatch(batch, filter, projector, results, ref selection);
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
        List<TResult> results, ref int[] selection)
    {
        if (filter is null)
        {
            projector.Project(batch, null, batch.Length, results);
            return;
        }
        if (selection.Length < batch.Length) selection = new int[batch.Length];
        var count = filter.Select(batch, selection);
        projector.Project(batch, selection, count, results);
    }
}
