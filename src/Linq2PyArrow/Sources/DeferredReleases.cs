using System.Collections.Concurrent;
using Linq2PyArrow.Arrow;

namespace Linq2PyArrow.Sources;

/// <summary>
/// Hands the batches a scan's consumer is done with to the scan's partition workers for release. A producer's
/// release callback often needs the GIL (pure-Python producers, pyarrow buffers backed by numpy), and a worker
/// holds the GIL most of the time while it steps the generator and exports the next batch; a consumer releasing
/// each batch itself would wait for the GIL every batch and the two threads would take turns instead of working
/// in parallel. A worker drains this queue whenever it holds the GIL anyway (before each next()) and when its
/// partition ends; with no worker left, or with too many batches queued, the consumer releases directly, so the
/// memory held stays bounded by the read-ahead window plus <see cref="_limit"/> batches.
/// </summary>
internal sealed class DeferredReleases(int limit)
{
    private readonly ConcurrentQueue<ImportedBatch> _queue = new();
    private readonly Lock _lock = new();
    private readonly int _limit = Math.Max(2, limit);
    private int _queued;
    private int _drainers;

    /// <summary>Releases the batch now or queues it for a worker that will run before the scan ends.</summary>
    public void Release(ImportedBatch batch)
    {
        if (Volatile.Read(ref _queued) < _limit)
        {
            lock (_lock)
            {
                // Under the lock: a worker that stops draining does so after this enqueue (and drains it) or before
                // it (and then this consumer releases the batch itself).
                if (_drainers > 0)
                {
                    Interlocked.Increment(ref _queued);
                    _queue.Enqueue(batch);
                    return;
                }
            }
        }
        batch.Dispose();
    }

    /// <summary>A worker starts; it promises to <see cref="Drain"/> regularly and after <see cref="StopDraining"/>.</summary>
    public void StartDraining()
    {
        lock (_lock) _drainers++;
    }

    public void StopDraining()
    {
        lock (_lock) _drainers--;
    }

    /// <summary>Releases every queued batch; cheapest with the GIL held (the callbacks' GIL acquisition nests).</summary>
    public void Drain()
    {
        while (_queue.TryDequeue(out var batch))
        {
            Interlocked.Decrement(ref _queued);
            batch.Dispose();
        }
    }
}
