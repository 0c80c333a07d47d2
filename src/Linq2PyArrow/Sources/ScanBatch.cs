using Apache.Arrow;
using Linq2PyArrow.Arrow;

namespace Linq2PyArrow.Sources;

/// <summary>
/// One imported batch, checked against the declared schema, with the query's needed columns located in it.
/// It owns the producer's memory: disposing it runs the producer's release callback (once). Nothing may read
/// its columns after that, which is why it never leaves the engine: rows copy their values out, and the public
/// columnar API hands it to a callback only as a ref struct.
/// </summary>
internal sealed class ScanBatch(ImportedBatch imported, int partitionIndex, int[] columnOrdinals, long firstRow,
    DeferredReleases? releases = null) : IDisposable
{
    private int _disposed;

    public RecordBatch Batch => imported.Batch;

    /// <summary>The size of the imported columns' buffers: what the batch counts against the read-ahead budget.</summary>
    public long Bytes { get; } = BufferBytes(imported.Batch);
    public int PartitionIndex { get; } = partitionIndex;
    public int Length => imported.Length;

    /// <summary>The row number of this batch's first row within its partition (for messages).</summary>
    public long FirstRow { get; } = firstRow;

    /// <summary>The needed column with the given ordinal (position in the scan's column list).</summary>
    public IArrowArray Column(int ordinal) => imported.Batch.Column(columnOrdinals[ordinal]);

    /// <summary>Ends the consumer's use; the release callback runs now or on a partition worker (see <see cref="DeferredReleases"/>).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (releases is null) imported.Dispose();
        else releases.Release(imported);
    }

    private static long BufferBytes(RecordBatch batch)
    {
        long total = 0;
        for (var i = 0; i < batch.ColumnCount; i++) total += BufferBytes(batch.Column(i).Data);
        return total;
    }

    private static long BufferBytes(ArrayData data)
    {
        long total = 0;
        // Placeholder arrays (columns not imported) may have neither buffers nor children.
        foreach (var buffer in data.Buffers ?? []) total += buffer.Length;
        foreach (var child in data.Children ?? []) total += BufferBytes(child);
        if (data.Dictionary is { } dictionary) total += BufferBytes(dictionary);
        return total;
    }
}
