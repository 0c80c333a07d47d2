namespace Linq2PyArrow;

/// <summary>Progress of one query's scan, reported through <see cref="PythonSourceSettings.Progress"/> after every batch.</summary>
/// <param name="PartitionsTotal">Partitions planned.</param>
/// <param name="PartitionsCompleted">Partitions read to the end.</param>
/// <param name="Batches">Batches received so far.</param>
/// <param name="Rows">Rows received so far.</param>
public readonly record struct ScanProgress(int PartitionsTotal, int PartitionsCompleted, long Batches, long Rows);
