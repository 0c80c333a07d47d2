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

    /// <summary>
    /// Where partitions run. Null (the default): in this process. <c>"tcp://host:port"</c>: one task per partition on
    /// the Dask scheduler at that address. <c>"local"</c> or <c>"local:N"</c>: a local Dask cluster of N worker
    /// processes (default: the processor count) that this process starts on first use and stops at exit. The
    /// driver plans partitions here as always; each partition is read on a worker and streams back as Arrow IPC in
    /// chunks of at most about <see cref="DaskChunkBytes"/>. The options key <c>dask_scheduler</c> sets it too.
    /// </summary>
    public string? DaskScheduler
    {
        get;
        init => field = value is null ? null : CheckScheduler(value);
    }

    /// <summary>
    /// Files uploaded to every Dask worker before the first partition runs there (<c>Client.upload_file</c>): a
    /// single-file source module (<c>.py</c>) or a <c>.zip</c>/<c>.egg</c> of modules the workers cannot import
    /// otherwise. Uploaded once per process and again when a file changes.
    /// </summary>
    public IReadOnlyList<string> DaskUploadFiles { get; init; } = [];

    /// <summary>
    /// The size a Dask worker aims for when it sends a partition's batches back (default 4 MiB): batches are
    /// grouped up to this many bytes of Arrow IPC per round trip, and a worker reads at most about this much ahead
    /// of the driver. A single larger batch travels on its own.
    /// </summary>
    public int DaskChunkBytes
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(DaskChunkBytes), value, "Must be at least 1.");
    } = 4 << 20;

    private static string CheckScheduler(string value)
    {
        var text = value.Trim();
        if (text == "local" || text.Contains("://", StringComparison.Ordinal)) return text;
        if (text.StartsWith("local:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var workers)
            && workers >= 1)
            return text;
        throw new ArgumentException(
            $"'{value}' is not a Dask scheduler: use \"tcp://host:port\" (an existing scheduler), \"local\" or \"local:N\" " +
            "(a local cluster of N worker processes), or null to read partitions in this process.", nameof(DaskScheduler));
    }
}
