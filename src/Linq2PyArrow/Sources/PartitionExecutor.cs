using Linq2PyArrow.Sources.Dask;

namespace Linq2PyArrow.Sources;

/// <summary>
/// Where a scan's partitions are read. The scan engine plans partitions, bounds how many run at once, merges their
/// batches and releases them; an executor only turns one partition into a stream of bound batches handed to
/// <c>deliver</c>. In this process (the default, C Data Interface, zero-copy) or on a Dask cluster (Arrow IPC).
/// The merge, materializers and LINQ layers never know which one produced a batch.
/// </summary>
internal interface IPartitionExecutor
{
    /// <summary>
    /// Reads the partition on the calling worker thread, delivering each batch (false from <paramref name="deliver"/>:
    /// the scan is over, stop); returns at the partition's end, at its row limit, or once cancelled.
    /// </summary>
    void Read(ParallelScan scan, Partition partition, ParallelScan.WorkerState worker, Func<ScanBatch, bool> deliver,
        CancellationToken cancellation);

    /// <summary>The executor for a scan with these settings.</summary>
    static IPartitionExecutor For(PythonSourceSettings settings) =>
        settings.DaskScheduler is null ? InProcessExecutor.Instance : new DaskExecutor(settings);
}

/// <summary>Reads partitions in this process (<see cref="PartitionReader"/>): the default.</summary>
internal sealed class InProcessExecutor : IPartitionExecutor
{
    public static InProcessExecutor Instance { get; } = new();

    public void Read(ParallelScan scan, Partition partition, ParallelScan.WorkerState worker, Func<ScanBatch, bool> deliver,
        CancellationToken cancellation) =>
        new PartitionReader(scan, partition, worker).Run(deliver, cancellation);
}
