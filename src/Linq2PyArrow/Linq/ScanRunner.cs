using System.Collections;
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
    /// <summary>The results of a scan, one new scan per enumeration.</summary>
    public static IEnumerable<TResult> Rows<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, CancellationToken cancellation = default) =>
        new RowSequence<TResult>(context, request, filter, projector, parameters, cancellation);

    public static async IAsyncEnumerable<TResult> RowsAsync<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        using var scan = ParallelScan.Start(context.Source, request, context.Settings, cancellation);
        TResult[] results = [];
        int[] selection = [];
        while (true)
        {
            int count;
            using (var batch = await scan.ReadAsync(cancellation).ConfigureAwait(false))
            {
                if (batch is null) yield break;
                count = ProjectBatch(batch, filter, projector, parameters, ref results, ref selection);
            }
            for (var i = 0; i < count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                yield return results[i];
            }
            Array.Clear(results, 0, count);
        }
    }

    /// <summary>Projects the batch's selected rows into the start of <paramref name="results"/> (grown as needed); returns their count.</summary>
    private static int ProjectBatch<TResult>(ScanBatch batch, BatchFilter? filter, BatchProjector<TResult> projector,
        object?[]? parameters, ref TResult[] results, ref int[] selection)
    {
        int[]? selected = null;
        var count = batch.Length;
        if (filter is not null)
        {
            count = Select(batch, filter, parameters, ref selection);
            selected = selection;
        }
        if (results.Length < count) results = new TResult[count];
        projector.Project(batch, selected, 0, count, results, parameters);
        return count;
    }

    /// <summary>Runs the filter over a batch into a selection vector grown as needed; returns the count selected.</summary>
    public static int Select(ScanBatch batch, BatchFilter filter, object?[]? parameters, ref int[] selection)
    {
        if (selection.Length < batch.Length) selection = new int[batch.Length];
        return filter.Select(batch, selection, parameters);
    }

    private sealed class RowSequence<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, CancellationToken cancellation) : IEnumerable<TResult>
    {
        public IEnumerator<TResult> GetEnumerator() => new RowCursor<TResult>(context, request, filter, projector, parameters, cancellation);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// The synchronous enumerator, written out rather than a C# iterator: <c>ToList()</c> and <c>foreach</c> call
    /// MoveNext and Current once per row, so the per-row path is an index check and an array read. The scan starts
    /// at the first MoveNext; a failure disposes everything at once (as an iterator's finally blocks would).
    /// </summary>
    private sealed class RowCursor<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, CancellationToken cancellation) : IEnumerator<TResult>
    {
        private ParallelScan? _scan;
        private TResult[] _results = [];
        private int[] _selection = [];
        private int _next, _count;
        private bool _done;
        private TResult _current = default!;

        public TResult Current => _current;

        object? IEnumerator.Current => _current;

        public bool MoveNext()
        {
            if (_next < _count)
            {
                _current = _results[_next++];
                return true;
            }
            return NextBatch();
        }

        private bool NextBatch()
        {
            if (_done) return false;
            try
            {
                // The rows handed out so far are the caller's now; the buffer must not keep them alive.
                Array.Clear(_results, 0, _count);
                _next = _count = 0;
                _scan ??= ParallelScan.Start(context.Source, request, context.Settings, cancellation, synchronous: true);
                while (true)
                {
                    using var batch = _scan.Read(cancellation);
                    if (batch is null)
                    {
                        Dispose();
                        return false;
                    }
                    _count = ProjectBatch(batch, filter, projector, parameters, ref _results, ref _selection);
                    if (_count == 0) continue;
                    _current = _results[0];
                    _next = 1;
                    return true;
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public void Reset() => throw new NotSupportedException("A query's enumerator cannot be reset: enumerate the query again.");

        public void Dispose()
        {
            _done = true;
            _next = _count = 0;
            _results = [];
            _current = default!;
            var scan = _scan;
            _scan = null;
            scan?.Dispose();
        }
    }
}
