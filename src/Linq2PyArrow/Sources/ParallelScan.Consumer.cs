using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

internal sealed partial class ParallelScan
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan InterruptedStop = TimeSpan.FromSeconds(3);

    /// <summary>The next batch, or null at the end. The caller owns (and must dispose) the batch.</summary>
    public async ValueTask<ScanBatch?> ReadAsync(CancellationToken cancellation)
    {
        await _planned.Task.WaitAsync(cancellation).ConfigureAwait(false);
        while (true)
        {
            ThrowIfFailed();
            var channel = CurrentChannel();
            if (channel is null) return null;
            if (channel.Reader.TryRead(out var batch))
            {
                if (Volatile.Read(ref _failure) is not null)
                {
                    batch.Dispose();
                    ThrowIfFailed();
                }
                return batch;
            }
            if (!await channel.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false)) Advance(channel);
        }
    }

    /// <summary>Synchronous <see cref="ReadAsync"/>: waits without a thread switch when a batch is ready.</summary>
    public ScanBatch? Read(CancellationToken cancellation)
    {
        var next = ReadAsync(cancellation);
        return next.IsCompletedSuccessfully ? next.Result : next.AsTask().GetAwaiter().GetResult();
    }

    private System.Threading.Channels.Channel<ScanBatch>? CurrentChannel()
    {
        lock (_lock)
        {
            // Unordered: one shared channel, dropped by Advance once it completes (then the scan is over).
            if (!_ordered) return _channels.Length > 0 ? _channels[0] : null;
            return _current < _channels.Length ? _channels[_current] : null;
        }
    }

    private void Advance(System.Threading.Channels.Channel<ScanBatch> finished)
    {
        ThrowIfFailed();
        lock (_lock)
        {
            if (!_ordered)
            {
                _current = _channels.Length; // the shared channel completes only when every partition is done
                _channels = [];
                return;
            }
            if (_current < _channels.Length && ReferenceEquals(_channels[_current], finished)) _current++;
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
            foreach (var channel in _channels) channel.Writer.TryComplete();
        }
        _cancellation.Cancel();
        DrainChannels();
        if (!_workersDone.Wait(GracefulStop))
        {
            InterruptWorkers();
            _workersDone.Wait(InterruptedStop);
        }
        if (_workersDone.IsSet) ReleaseLeftovers();
    }

    private void InterruptWorkers()
    {
        WorkerState[] workers;
        lock (_lock) workers = [.. _workers];
        if (workers.Length == 0) return;
        using var gil = Gil.Acquire();
        foreach (var worker in workers) worker.Interrupt();
    }

    private void DrainChannels()
    {
        System.Threading.Channels.Channel<ScanBatch>[] channels;
        lock (_lock) channels = [.. _channels];
        foreach (var channel in channels)
            while (channel.Reader.TryRead(out var batch)) batch.Dispose();
    }

    /// <summary>Runs once no worker is left: batches nobody will read, and the partition specs.</summary>
    private void ReleaseLeftovers()
    {
        DrainChannels();
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
