using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Linq2PyArrow.Sources;

/// <summary>
/// One execution of a scan: plans partitions, reads at most MaxDegreeOfParallelism of them at a time on worker
/// threads, and hands batches to one consumer, in partition order (each partition has a bounded channel and only
/// a window of partitions ahead of the consumer runs) or as they arrive (one shared bounded channel). Memory
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
    private readonly bool _ordered;

    private List<Partition> _partitions = [];
    private Channel<ScanBatch>[] _channels = [];
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
        _ordered = settings.Ordered;
        _progress = settings.Progress;
    }

    public DataSource Source { get; }
    public ScanRequest Request { get; }
    public BatchBinder Binder { get; }
    public DeferredReleases Releases { get; }
    public int PartitionCount => _partitions.Count;

    /// <summary>Starts planning on a worker and returns at once; the first read waits for the plan.</summary>
    public static ParallelScan Start(DataSource source, ScanRequest request, PythonSourceSettings settings, CancellationToken cancellation)
    {
        var scan = new ParallelScan(source, request, settings, cancellation);
        scan.BeginWorker();
        PythonWorkers.Run(scan.Plan);
        return scan;
    }

    private void Plan()
    {
        try
        {
            var partitions = Source.PlanPartitions(Request.Filters);
            lock (_lock)
            {
                _partitions = partitions;
                _channels = _ordered
                    ? partitions.Select(_ => NewChannel(_readAhead)).ToArray()
                    : [NewChannel(Math.Max(_readAhead, _maxParallel * _readAhead))];
                if (partitions.Count == 0)
                    foreach (var channel in _channels) channel.Writer.TryComplete();
            }
            ReportProgress();
            StartMore();
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
    }

    private static Channel<ScanBatch> NewChannel(int capacity) =>
        Channel.CreateBounded<ScanBatch>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    /// <summary>Starts partitions while fewer than MaxDegreeOfParallelism run and (ordered) they are within the window.</summary>
    private void StartMore()
    {
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
                PythonWorkers.Run(() => ReadPartition(partition, worker));
            }
        }
    }

    private void ReadPartition(Partition partition, WorkerState worker)
    {
        var writer = (_ordered ? _channels[partition.Index] : _channels[0]).Writer;
        var token = _cancellation.Token;
        try
        {
            new PartitionReader(this, partition, worker).Run(batch => Deliver(writer, batch, token), token);
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
            // Report before completing the channel: a consumer that sees the end must already have seen the final counts.
            ReportProgress();
            if (complete) writer.TryComplete();
            StartMore();
            EndWorker();
        }
    }

    /// <summary>Blocks this worker (never holding the GIL) until the consumer has room; false when the scan is over.</summary>
    private bool Deliver(ChannelWriter<ScanBatch> writer, ScanBatch batch, CancellationToken token)
    {
        try
        {
            var write = writer.WriteAsync(batch, token);
            if (!write.IsCompletedSuccessfully) write.AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
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
            foreach (var channel in _channels) channel.Writer.TryComplete();
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
        lock (_lock) last = --_activeWorkers == 0;
        if (!last) return;
        _workersDone.Set();
        if (Volatile.Read(ref _disposed)) ReleaseLeftovers();
    }
}
