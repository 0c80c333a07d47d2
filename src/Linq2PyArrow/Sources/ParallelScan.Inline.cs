using System.Diagnostics;

namespace Linq2PyArrow.Sources;

/// <summary>
/// A scan of one partition whose consumer is a columnar kernel reads that partition on the consumer's own thread:
/// each <see cref="Read"/> steps the generator, imports the batch and returns it, with no worker and no queue. When
/// the consumer's work turns out not to be small beside the producer's, the partition is handed to a worker.
/// </summary>
/// <remarks>
/// Why: a kernel's work per batch (summing 64K values: ≈15 µs) is small beside any producer's, so a worker
/// running ahead buys no overlap, and handing batches across cores costs the producer more than the kernel's whole
/// work. Measured on this 2-core VM with a source that builds 4M int64 values in 64K-row batches (≈100 ms of Python):
/// with a worker, a Sum that reads every value made the same Python code take 1.2–1.7× its CPU time (the batch's
/// memory, just read on the consumer's core, is what Python's allocator hands out next on the producer's core; a
/// Count that reads no values left it at 1.0×), and the ratio changed from process to process with where the two
/// threads ran. On one thread the data is hot where Python reuses it. Only when nothing is lost: a synchronous
/// consumer (it would block anyway), a token that cannot be cancelled (a stuck read_partition cannot keep a
/// cancellable caller from giving up), one partition (several still overlap on workers), in this process.
/// The kernel's work is usually small, not always: over batches a source re-yields ready-made (≈70 µs of Python per
/// batch), summing 1M-row batches takes 3× Python's time, and there a worker's overlap wins (inline, that Sum ran at
/// 0.6× the speed of the same kernel over a long[] instead of 0.9×). So the second batch is timed, Python's
/// side (next(), export, import) against the consumer's (from one Read to the next); if the consumer needed more than
/// a tenth of Python's time, a worker takes the partition over where it stands and the scan goes on as usual.
/// </remarks>
internal sealed partial class ParallelScan
{
    /// <summary>The consumer's share of the time (of Python's) above which a worker's overlap pays: see the remarks.</summary>
    private const int HandOffRatio = 10;

    private PartitionReader? _inline;
    private WorkerState? _inlineWorker;
    private Partition? _inlinePartition;
    private int _inlineBatches; // batches returned so far
    private long _producing, _consuming, _returnedAt; // Stopwatch ticks

    /// <summary>Takes the only partition for the consumer's thread instead of a worker. Caller holds <see cref="_lock"/>.</summary>
    private void StartInlineLocked(Partition partition)
    {
        _nextToStart = 1;
        _running = 1;
        _inlineWorker = new WorkerState();
        _workers.Add(_inlineWorker);
        BeginWorkerLocked();
        Releases.StartDraining(); // the consumer's finished batches are released before the next next(), GIL held once
        _inline = new PartitionReader(this, partition, _inlineWorker);
        _inlinePartition = partition;
    }

    /// <summary>The next batch of the inline partition; at its end the scan ends as a worker's partition would.</summary>
    private ScanBatch? ReadInline(PartitionReader reader, CancellationToken cancellation)
    {
        ThrowIfStopped(cancellation);
        var start = Stopwatch.GetTimestamp();
        // The first batch is not timed: it carries read_partition and first-time costs on both sides.
        if (_inlineBatches >= 2) _consuming += start - _returnedAt;
        if (_inlineBatches == 2 && _consuming * HandOffRatio > _producing)
        {
            HandOff(reader);
            return Read(cancellation);
        }
        ScanBatch? batch;
        try
        {
            batch = reader.Next();
        }
        catch (Exception ex)
        {
            Fail(ex);
            EndInline();
            throw;
        }
        if (batch is null)
        {
            EndInline();
            return End();
        }
        _returnedAt = Stopwatch.GetTimestamp();
        if (_inlineBatches++ >= 1) _producing += _returnedAt - start;
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _rows, batch.Length);
        ReportProgress();
        return batch;
    }

    /// <summary>A worker reads the rest of the partition into its queue and ends it as any worker does.</summary>
    private void HandOff(PartitionReader reader)
    {
        _inline = null;
        var (partition, worker) = (_inlinePartition!, _inlineWorker!);
        PythonWorkers.Run(() => ReadPartition(partition, worker, reader));
    }

    /// <summary>Closes the inline partition (its generator's finally blocks run now) and completes the scan's queue.</summary>
    private void EndInline()
    {
        var reader = _inline;
        if (reader is null) return;
        _inline = null;
        try
        {
            reader.Close();
        }
        finally
        {
            lock (_lock)
            {
                _running--;
                _completed++;
                _workers.Remove(_inlineWorker!);
            }
            Releases.StopDraining();
            Releases.Drain();
            ReportProgress();
            foreach (var queue in _queues) queue.Complete();
            EndWorker();
        }
    }
}
