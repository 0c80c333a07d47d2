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
    /// Batches each partition may produce ahead of the consumer (default 2). Memory held by a query is at most
    /// about 2 × MaxDegreeOfParallelism × ReadAheadBatches batches: those read ahead, and as many that the consumer
    /// has finished and a partition worker has yet to release (workers release them while they hold the GIL).
    /// </summary>
    public int ReadAheadBatches
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ReadAheadBatches), value, "Must be at least 1.");
    } = 2;

    /// <summary>Directories added to the front of Python's <c>sys.path</c> before the source's module is imported.</summary>
    public IReadOnlyList<string> SearchPaths { get; init; } = [];

    /// <summary>Receives scan progress (partitions, batches, rows) from worker threads as batches arrive.</summary>
    public IProgress<ScanProgress>? Progress { get; init; }
}
