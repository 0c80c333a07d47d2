namespace Linq2PyArrow;

/// <summary>Engine settings for a Python source. Immutable once a query runs; share one instance freely.</summary>
public sealed record PythonSourceSettings
{
    /// <summary>The defaults: see each property.</summary>
    public static PythonSourceSettings Default { get; } = new();

    /// <summary>
    /// How many partitions are read at the same time. Default: twice the processor count, at least 8. Python
    /// sources are mostly I/O-bound (databases, HTTP, object storage) and release the GIL while they wait, so
    /// more partitions than cores overlap real work; CPU-bound Python code serializes on the GIL anyway, and the
    /// extra partitions then only cost their bounded read-ahead.
    /// </summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "Must be at least 1.");
    } = Math.Max(8, Environment.ProcessorCount * 2);

    /// <summary>
    /// True (the default): rows come out in partition order, each partition's rows in the order the source yields
    /// them. False: batches come out as soon as any partition produces them.
    /// </summary>
    public bool Ordered { get; init; } = true;

    /// <summary>
    /// Batches each partition may always produce ahead of the consumer (default 2), whatever their size; beyond
    /// these, a partition reads further ahead while the query's read-ahead fits <see cref="ReadAheadBytes"/>.
    /// </summary>
    public int ReadAheadBatches
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ReadAheadBatches), value, "Must be at least 1.");
    } = 2;

    /// <summary>
    /// Bytes of batches a query may hold read ahead of its consumer, across all its partitions, beyond each
    /// partition's <see cref="ReadAheadBatches"/> (default 64 MiB; 0: only those). A batch counts the buffers of the
    /// columns the query reads. In partition order this lets partitions the consumer has not reached yet keep
    /// reading (small batches buffer deep, huge ones do not), so they overlap as in unordered mode; a producer far
    /// ahead of the consumer still stops at the budget. Memory held by a query is at most about ReadAheadBytes plus
    /// 2 × MaxDegreeOfParallelism × ReadAheadBatches batches: the partitions' own read-ahead, and as many batches
    /// that the consumer has finished and a partition worker has yet to release (workers release them while they
    /// hold the GIL).
    /// </summary>
    public long ReadAheadBytes
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ReadAheadBytes), value, "Must be 0 or more.");
    } = 64L << 20;

    /// <summary>Directories added to the front of Python's <c>sys.path</c> before the source's module is imported.</summary>
    public IReadOnlyList<string> SearchPaths { get; init; } = [];

    /// <summary>Receives scan progress (partitions, batches, rows) from worker threads as batches arrive.</summary>
    public IProgress<ScanProgress>? Progress { get; init; }
}
