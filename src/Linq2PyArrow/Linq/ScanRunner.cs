using System.Collections;
using System.Runtime.CompilerServices;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Linq;

/// <summary>
/// Runs a scan and turns its batches into results: an optional compiled filter produces a selection vector, a
/// compiled projector builds the results of the selected rows (which copy their values out: no result ever points
/// into a batch), and the batch is released as soon as its last result is built.
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

    /// <summary>The results of a scan in a list of exactly their count, built batch by batch without an enumerator (ToList).</summary>
    public static List<TResult> ToList<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, CancellationToken cancellation = default)
    {
        using var results = new ResultSegments<TResult>();
        using (var scan = ParallelScan.Start(context.Source, request, context.Settings, cancellation, synchronous: true))
        {
            int[] selection = [];
            while (scan.Read(cancellation) is { } batch)
            {
                using (batch) Collect(batch, filter, projector, parameters, results, ref selection);
            }
        }
        return results.ToList();
    }

    public static async Task<List<TResult>> ToListAsync<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, CancellationToken cancellation)
    {
        using var results = new ResultSegments<TResult>();
        using (var scan = ParallelScan.Start(context.Source, request, context.Settings, cancellation))
        {
            int[] selection = [];
            while (await scan.ReadAsync(cancellation).ConfigureAwait(false) is { } batch)
            {
                using (batch) Collect(batch, filter, projector, parameters, results, ref selection);
            }
        }
        return results.ToList();
    }

    private static void Collect<TResult>(ScanBatch batch, BatchFilter? filter, BatchProjector<TResult> projector, object?[]? parameters,
        ResultSegments<TResult> results, ref int[] selection)
    {
        if (filter is null)
        {
            results.Add(batch, null, batch.Length, projector, parameters);
            return;
        }
        var count = Select(batch, filter, parameters, ref selection);
        results.Add(batch, selection, count, projector, parameters);
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
    /// <remarks>
    /// Rows are built <see cref="Chunk"/> at a time, each chunk handed out before the next is built, and the batch is
    /// released once its last chunk is built. Building a whole 64K-row batch first kept 64K young rows alive in a
    /// buffer through the collections that building it triggered: a scan whose rows the caller drops (a foreach that
    /// aggregates) paid 2–3× the CPU of a hand-written loop, all of it in the GC promoting rows that were about to die,
    /// and a ToList paid for a buffer of half a megabyte of references that the GC scanned besides the list. Rows copy
    /// their values out of the batch, so building them later from a batch still held is safe.
    /// </remarks>
    private sealed class RowCursor<TResult>(SourceContext context, ScanRequest request, BatchFilter? filter,
        BatchProjector<TResult> projector, object?[]? parameters, CancellationToken cancellation) : IEnumerator<TResult>
    {
        private const int Chunk = 1024;
        private readonly TResult[] _rows = new TResult[Chunk];
        private ParallelScan? _scan;
        private ScanBatch? _batch;
        private int[] _selection = [];
        private int[]? _selected;      // the batch's selection vector, null when every row is selected
        private int _built, _selectedCount; // rows of the batch built so far, and how many it selects
        private int _next, _count;    // the chunk being handed out
        private int _index;           // Current's place in the chunk: an int, not the row, so a row costs no write barrier here
        private bool _done;

        public TResult Current => _rows[_index];

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_next < _count)
            {
                _index = _next++;
                return true;
            }
            return NextChunk();
        }

        private bool NextChunk()
        {
            if (_done) return false;
            try
            {
                // The rows handed out so far are the caller's now; the buffer must not keep them alive.
                Array.Clear(_rows, 0, _count);
                _next = _count = 0;
                while (true)
                {
                    if (_batch is null && !NextBatch())
                    {
                        Dispose();
                        return false;
                    }
                    if (_built < _selectedCount)
                    {
                        var end = Math.Min(_built + Chunk, _selectedCount);
                        projector.Project(_batch!, _selected, _built, end, _rows, parameters);
                        _count = end - _built;
                        _built = end;
                        if (_built == _selectedCount) ReleaseBatch();
                        _index = 0;
                        _next = 1;
                        return true;
                    }
                    ReleaseBatch();
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Reads the next batch and selects its rows; false at the end of the scan.</summary>
        private bool NextBatch()
        {
            _scan ??= ParallelScan.Start(context.Source, request, context.Settings, cancellation, synchronous: true);
            var batch = _scan.Read(cancellation);
            if (batch is null) return false;
            _batch = batch;
            _built = 0;
            _selected = null;
            _selectedCount = batch.Length;
            if (filter is not null)
            {
                _selectedCount = Select(batch, filter, parameters, ref _selection);
                _selected = _selection;
            }
            return true;
        }

        private void ReleaseBatch()
        {
            var batch = _batch;
            _batch = null;
            batch?.Dispose();
        }

        public void Reset() => throw new NotSupportedException("A query's enumerator cannot be reset: enumerate the query again.");

        public void Dispose()
        {
            _done = true;
            _next = _count = _index = 0;
            Array.Clear(_rows);
            ReleaseBatch();
            var scan = _scan;
            _scan = null;
            scan?.Dispose();
        }
    }
}
