using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

internal sealed partial class ParallelScan
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan InterruptedStop = TimeSpan.FromSeconds(3);

    /// <summary>The next batch, or null at the end. The caller owns (and must dispose) the batch.</summary>
    public async ValueTask<ScanBatch?> ReadAsync(CancellationToken cancellation)
    {
        if (!_planned.Task.IsCompleted) await _planned.Task.WaitAsync(cancellation).ConfigureAwait(false);
        while (true)
        {
            ThrowIfStopped(cancellation);
            var queue = CurrentQueue();
            if (queue is null) return End();
            if (queue.TryRead(out var batch)) return Checked(batch);
            if (!await queue.WaitToReadAsync(cancellation).ConfigureAwait(false)) Advance(queue);
        }
    }

    /// <summary>
    /// Synchronous <see cref="ReadAsync"/>: blocks this thread, woken directly by the worker that delivers. A caller
    /// that holds the GIL through a host's hold (inside Python.NET's Py.GIL()) lets go of it while it waits, or the
    /// workers could never run.
    /// </summary>
    public ScanBatch? Read(CancellationToken cancellation)
    {
        if (!_planned.Task.IsCompleted)
        {
            using var wait = BlockingWait.Begin();
            _planned.Task.Wait(cancellation);
        }
        if (_inline is { } reader) return ReadInline(reader, cancellation);
        while (true)
        {
            ThrowIfStopped(cancellation);
            var queue = CurrentQueue();
            if (queue is null) return End();
            if (queue.TryRead(out var batch)) return Checked(batch);
            bool more;
            using (BlockingWait.Begin()) more = queue.WaitToRead(cancellation);
            if (!more) Advance(queue);
        }
    }

    private void ThrowIfStopped(CancellationToken cancellation)
    {
        ThrowIfFailed();
        cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// The end of the scan, unless it was cancelled: workers stop early when the scan's token is cancelled and
    /// complete their queues, and that must never look like a complete result.
    /// </summary>
    private ScanBatch? End()
    {
        ThrowIfFailed();
        var token = _cancellation.Token;
        if (token.IsCancellationRequested) throw new OperationCanceledException(token);
        return null;
    }

    /// <summary>A batch read after the scan failed is released, and the failure thrown instead.</summary>
    private ScanBatch Checked(ScanBatch batch)
    {
        if (Volatile.Read(ref _failure) is not null)
        {
            batch.Dispose();
            ThrowIfFailed();
        }
        return batch;
    }

    private BatchQueue? CurrentQueue()
    {
        lock (_lock)
        {
            // Unordered: one shared queue, dropped by Advance once it completes (then the scan is over).
            if (!_ordered) return _queues.Length > 0 ? _queues[0] : null;
            return _current < _queues.Length ? _queues[_current] : null;
        }
    }

    private void Advance(BatchQueue finished)
    {
        ThrowIfFailed();
        lock (_lock)
        {
            if (!_ordered)
            {
                _current = _queues.Length; // the shared queue completes only when every partition is done
                _queues = [];
                return;
            }
            if (_current < _queues.Length && ReferenceEquals(_queues[_current], finished)) _current++;
        }
        StartMore();
    }

    /// <summary>
    /// Cancels the scan and waits (bounded) for workers to stop: they close their generators, so finally blocks
    /// run before Dispose returns. Workers still inside Python after a grace period are interrupted with an
    /// asynchronous exception; one stuck in C code is abandoned and cleans up whenever it returns.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var queue in _queues) queue.Complete();
        }
        _cancellation.Cancel();
        DrainQueues();
        EndInline(); // on this thread: closes the generator before Dispose returns, as a worker's partition would
        if (!WaitForWorkers(GracefulStop))
        {
            InterruptWorkers();
            WaitForWorkers(InterruptedStop);
        }
        if (_workersDone.IsSet) ReleaseLeftovers();
    }

    private bool WaitForWorkers(TimeSpan timeout)
    {
        if (_workersDone.IsSet) return true;
        using var wait = BlockingWait.Begin();
        return _workersDone.Wait(timeout);
    }

    private void InterruptWorkers()
    {
        WorkerState[] workers;
        lock (_lock) workers = [.. _workers];
        if (workers.Length == 0) return;
        using var gil = Gil.Acquire();
        foreach (var worker in workers) worker.Interrupt();
    }

    private void DrainQueues()
    {
        BatchQueue[] queues;
        lock (_lock) queues = [.. _queues];
        foreach (var queue in queues)
            foreach (var batch in queue.TakeAll()) batch.Dispose();
    }

    /// <summary>Runs once no worker is left: batches nobody will read, and the partition specs.</summary>
    private void ReleaseLeftovers()
    {
        DrainQueues();
        Releases.Drain();
        List<Partition> partitions;
        lock (_lock)
        {
            partitions = _partitions;
            _partitions = [];
        }
        foreach (var partition in partitions) partition.Dispose();
        _cancellation.Dispose();
    }
}
