using Apache.Arrow;
using Linq2PyArrow.Arrow;

namespace Linq2PyArrow.Sources;

/// <summary>
/// One imported batch, checked against the declared schema, with the query's needed columns located in it.
/// It owns the producer's memory: disposing it runs the producer's release callback (once). Nothing may read
/// its columns after that, which is why it never leaves the engine: rows copy their values out, and the public
/// columnar API hands it to a callback only as a ref struct.
/// </summary>
internal sealed class ScanBatch(ImportedBatch imported, int partitionIndex, int[] columnOrdinals, long firstRow) : IDisposable
{
    public RecordBatch Batch => imported.Batch;
    public int PartitionIndex { get; } = partitionIndex;
    public int Length => imported.Length;

    /// <summary>The row number of this batch's first row within its partition (for messages).</summary>
    public long FirstRow { get; } = firstRow;

    /// <summary>The needed column with the given ordinal (position in the scan's column list).</summary>
    public IArrowArray Column(int ordinal) => imported.Batch.Column(columnOrdinals[ordinal]);

    public void Dispose() => imported.Dispose();
}
