using System.Runtime.ExceptionServices;

namespace Linq2PyArrow.Sources;

/// <summary>
/// One execution of a scan: plans partitions, reads at most MaxDegreeOfParallelism of them at a time on worker
/// threads, and hands batches to one consumer, in partition order (each partition has a bounded queue and only
/// a window of partitions ahead of the consumer runs) or as they arrive (one shared bounded queue). Memory
/// stays bounded either way. A failure anywhere cancels the other partitions and fails the scan; disposing it
/// early cancels, closes generators and releases every batch not consumed.
/// </summary>
internal sealed partial class ParallelScan : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _planned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _workersDone = new(true);
    private readonly List<WorkerState> _workers = [];
    private readonly IProgress<ScanProgress>? _progress;
    private readonly int _maxParallel;
    private readonly int _readAhead;
    private readonly long _readAheadBytes;
    private readonly bool _ordered;
    private readonly IPartitionExecutor _executor;
    private bool _inlineAllowed;

    private List<Partition> _partitions = [];
    private BatchQueue[] _queues = [];
    private int _nextToStart, _running, _current, _completed, _activeWorkers;
    private long _batches, _rows;
    private Exception? _failure;
    private bool _disposed;

    private ParallelScan(DataSource source, ScanRequest request, PythonSourceSettings settings, CancellationToken cancellation)
    {
        Source = source;
        Request = request;
        Releases = new DeferredReleases(settings.MaxDegreeOfParallelism * settings.ReadAheadBatches + 1);
        Binder = new BatchBinder(source, request.Columns ?? source.Schema.FieldsList.Select(f => f.Name).ToList(), Releases);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _maxParallel = settings.MaxDegreeOfParallelism;
        _readAhead = settings.ReadAheadBatches;
        _readAheadBytes = settings.ReadAheadBytes;
        _ordered = settings.Ordered;
        _progress = settings.Progress;
        _executor = IPartitionExecutor.For(settings);
    }

    public DataSource Source { get; }
    public ScanRequest Request { get; }
    public BatchBinder Binder { get; }
    public DeferredReleases Releases { get; }
    public int PartitionCount => _partitions.Count;

    /// <summary>
    /// Starts planning on a worker and returns at once; the first read waits for the plan. A synchronous consumer
    /// (<paramref name="synchronous"/>) whose token cannot be cancelled plans on its own thread instead.
    /// </summary>
    /// <remarks>
    /// A synchronous consumer blocks until the plan is there anyway; planning on its thread saves the two thread
    /// wake-ups of a hand-off (the worker's, then the consumer's when the plan or the first batch arrives: 10–70 µs each
    /// on a busy 2-core VM), which is most of what a query over few or no partitions costs. Only with a token that can be
    /// cancelled does the plan go to a worker, so that a plan_partitions stuck in I/O cannot keep the caller from
    /// giving up. With <paramref name="inline"/> (a columnar kernel consumes), a plan of one partition is read on that
    /// same thread too (see ParallelScan.Inline.cs).
    /// </remarks>
    public static ParallelScan Start(DataSource source, ScanRequest request, PythonSourceSettings settings, CancellationToken cancellation,
        bool synchronous = false, bool inline = false)
    {
        var scan = new ParallelScan(source, request, settings, cancellation);
        scan.BeginWorker();
        scan._inlineAllowed = inline && synchronous && !cancellation.CanBeCanceled && scan._executor is InProcessExecutor;
        if (synchronous && !cancellation.CanBeCanceled) scan.Plan(readFirstHere: false);
        else PythonWorkers.Run(scan.PlanAndRead);
        return scan;
    }

    private void PlanAndRead() => Plan(readFirstHere: true);

    private void Plan(bool readFirstHere)
    {
        (Partition, WorkerState)? first = null;
        try
        {
            var partitions = Source.PlanPartitions(Request.Filters);
            lock (_lock)
            {
                _partitions = partitions;
                var budget = new ReadAheadBudget(_readAheadBytes);
                _queues = _ordered
                    ? partitions.Select(_ => new BatchQueue(_readAhead, budget)).ToArray()
                    : [new BatchQueue(Math.Max(_readAhead, _maxParallel * _readAhead), budget)];
                if (partitions.Count == 0)
                    foreach (var queue in _queues) queue.Complete();
            }
            ReportProgress();
            if (_inlineAllowed && partitions.Count == 1)
                lock (_lock) StartInlineLocked(partitions[0]);
            else
                first = StartMore(runFirstHere: readFirstHere);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            _planned.TrySetResult();
            EndWorker();
        }
        // This thread is awake and has the GIL's thread state warm: it reads the first partition itself rather than
        // waking another worker for it (a thread wake-up is tens of microseconds, paid by every query).
        if (first is var (partition, worker)) ReadPartition(partition, worker);
    }

    /// <summary>
    /// Starts partitions while fewer than MaxDegreeOfParallelism run and (ordered) they are within the window. With
    /// <paramref name="runFirstHere"/>, the first one is returned for the calling worker to read instead of queued.
    /// </summary>
    private (Partition, WorkerState)? StartMore(bool runFirstHere = false)
    {
        (Partition, WorkerState)? first = null;
        lock (_lock)
        {
            while (!_disposed && _failure is null && _running < _maxParallel && _nextToStart < _partitions.Count
                   && (!_ordered || _nextToStart < _current + _maxParallel))
            {
                var partition = _partitions[_nextToStart++];
                _running++;
                var worker = new WorkerState();
                _workers.Add(worker);
                BeginWorkerLocked();
                Releases.StartDraining();
                if (runFirstHere && first is null) first = (partition, worker);
                else PythonWorkers.Run(() => ReadPartition(partition, worker));
            }
        }
        return first;
    }

    /// <summary>Reads a partition on this worker; <paramref name="started"/>: one the consumer began reading inline.</summary>
    private void ReadPartition(Partition partition, WorkerState worker, PartitionReader? started = null)
    {
        var queue = _ordered ? _queues[partition.Index] : _queues[0];
        var token = _cancellation.Token;
        try
        {
            if (started is not null) started.Run(batch => Deliver(queue, batch, token), token);
            else _executor.Read(this, partition, worker, batch => Deliver(queue, batch, token), token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            bool complete;
            lock (_lock)
            {
                _running--;
                _completed++;
                _workers.Remove(worker);
                complete = _ordered || _completed == _partitions.Count;
            }
            Releases.StopDraining();
            Releases.Drain();
            // Report before completing the queue: a consumer that sees the end must already have seen the final counts.
            ReportProgress();
            if (complete) queue.Complete();
            StartMore();
            EndWorker();
        }
    }

    /// <summary>Blocks this worker (never holding the GIL) until the consumer has room; false when the scan is over.</summary>
    private bool Deliver(BatchQueue queue, ScanBatch batch, CancellationToken token)
    {
        if (!queue.Write(batch, token))
        {
            batch.Dispose();
            return false;
        }
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _rows, batch.Length);
        ReportProgress();
        return true;
    }

    private void ReportProgress()
    {
        if (_progress is null) return;
        _progress.Report(new ScanProgress(_partitions.Count, Volatile.Read(ref _completed), Interlocked.Read(ref _batches), Interlocked.Read(ref _rows)));
    }

    /// <summary>Records the first failure, cancels everything and wakes the consumer.</summary>
    private void Fail(Exception failure)
    {
        lock (_lock)
        {
            if (_failure is not null || _disposed) return;
            _failure = failure;
            foreach (var queue in _queues) queue.Complete();
        }
        _cancellation.Cancel();
    }

    internal void ReportCleanupFailure(Exception failure)
    {
        if (!_cancellation.IsCancellationRequested) Fail(failure);
    }

    private void ThrowIfFailed()
    {
        var failure = Volatile.Read(ref _failure);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    private void BeginWorker()
    {
        lock (_lock) BeginWorkerLocked();
    }

    private void BeginWorkerLocked()
    {
        if (_activeWorkers++ == 0) _workersDone.Reset();
    }

    private void EndWorker()
    {
        bool last;
        lock (_lock)
        {
            // Set under the lock, as BeginWorkerLocked resets under it: set outside, a worker the consumer starts
            // in between (ordered mode's Advance) could be running while the event says none is, and Dispose would
            // then release the partitions and the token source under it.
            last = --_activeWorkers == 0;
            if (last) _workersDone.Set();
        }
        if (last && Volatile.Read(ref _disposed)) ReleaseLeftovers();
    }
}
