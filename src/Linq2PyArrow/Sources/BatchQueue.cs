namespace Linq2PyArrow.Sources;

/// <summary>
/// A bounded queue of batches from partition workers to the scan's one consumer. Workers are dedicated threads
/// and block in <see cref="Write"/> while the queue is full: it holds <c>capacity</c> batches, and more as long
/// as they fit the scan's <see cref="ReadAheadBudget"/>. A synchronous consumer blocks in <see cref="WaitToRead"/>
/// and is woken directly by the writer, an asynchronous one awaits <see cref="WaitToReadAsync"/>.
/// </summary>
/// <remarks>
/// A synchronous consumer spins (yielding the CPU to any other runnable thread) for up to
/// <see cref="SpinBudget"/> before it blocks: a source that re-yields prebuilt 64K-row batches delivers one every
/// ≈90 µs, and waking a blocked consumer cost the delivering worker ≈14 µs per batch (a futex wake on its side
/// of the pipeline, measured: a 4M-row Sum went from 6.0 to 5.1 ms). A slow source pays at most the budget per
/// batch, which is nothing beside its own wait.
/// </remarks>
/// <remarks>
/// Why not System.Threading.Channels: its waiters complete with RunContinuationsAsynchronously, so every batch
/// handed to a blocked synchronous consumer went writer → thread pool → consumer, two thread wake-ups per batch
/// on the worker's side of the pipeline. Here the writer pulses the consumer's monitor itself, and only the
/// asynchronous path pays for a continuation.
/// </remarks>
internal sealed class BatchQueue(int capacity, ReadAheadBudget? budget = null)
{
    private readonly object _gate = new(); // the items, completion and the reader's wait
    private readonly Queue<ScanBatch> _items = new();
    private readonly ReadAheadBudget _budget = budget ?? ReadAheadBudget.None;
    private TaskCompletionSource<bool>? _asyncReader;
    private int _waiting; // the synchronous reader blocked in Monitor.Wait
    private static readonly long SpinBudget = System.Diagnostics.Stopwatch.Frequency / 5000; // 200 µs
    private volatile bool _completed;
    private int _count; // _items.Count, readable without the gate
    private int _slots; // batches queued or being queued, under the budget's gate

    /// <summary>
    /// Adds a batch, blocking while the queue holds its capacity and the batch does not fit the budget. False (batch
    /// not taken) once completed or cancelled.
    /// </summary>
    public bool Write(ScanBatch batch, CancellationToken cancellation)
    {
        var bytes = ReadAheadBudget.Charge(batch.Bytes);
        var budget = _budget;
        lock (budget.Gate)
        {
            if (!HasRoom(bytes) && !_completed)
            {
                var wake = WakeOn(cancellation, budget.Gate);
                try
                {
                    while (!HasRoom(bytes) && !_completed && !cancellation.IsCancellationRequested)
                    {
                        budget.Waiting++;
                        try
                        {
                            Monitor.Wait(budget.Gate);
                        }
                        finally
                        {
                            budget.Waiting--;
                        }
                    }
                }
                finally
                {
                    wake.Unregister();
                }
            }
            if (_completed || cancellation.IsCancellationRequested) return false;
            _slots++;
            budget.Used += bytes;
        }
        lock (_gate)
        {
            if (!_completed)
            {
                _items.Enqueue(batch);
                Volatile.Write(ref _count, _items.Count);
                Signal();
                return true;
            }
        }
        Returned(1, bytes); // completed while this writer held its reservation
        return false;
    }

    private bool HasRoom(long bytes) => _slots < capacity || _budget.Fits(bytes);

    /// <summary>Gives back the room of batches that left the queue and wakes writers waiting for room.</summary>
    private void Returned(int batches, long bytes)
    {
        if (batches == 0) return;
        lock (_budget.Gate)
        {
            _slots -= batches;
            _budget.Used -= bytes;
            _budget.RoomMade();
        }
    }

    /// <summary>No more writes; the reader gets what is queued, then the end. Idempotent.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Signal();
        }
        lock (_budget.Gate) _budget.RoomMade(); // blocked writers see the completion
    }

    public bool TryRead(out ScanBatch batch)
    {
        lock (_gate)
        {
            if (!_items.TryDequeue(out batch!)) return false;
            Volatile.Write(ref _count, _items.Count);
        }
        Returned(1, ReadAheadBudget.Charge(batch.Bytes));
        return true;
    }

    /// <summary>Blocks until a batch is queued (true) or the queue is completed and empty (false).</summary>
    public bool WaitToRead(CancellationToken cancellation)
    {
        SpinUntilReadable();
        lock (_gate)
        {
            if (_items.Count > 0) return true;
            if (_completed) return false;
            var wake = WakeOn(cancellation, _gate);
            try
            {
                while (_items.Count == 0 && !_completed)
                {
                    cancellation.ThrowIfCancellationRequested();
                    WaitForItem();
                }
                return _items.Count > 0;
            }
            finally
            {
                wake.Unregister();
            }
        }
    }

    /// <summary>As <see cref="WaitToRead"/>, for an asynchronous consumer (one at a time).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellation)
    {
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            if (_items.Count > 0) return ValueTask.FromResult(true);
            if (_completed) return ValueTask.FromResult(false);
            // Continuations run on the thread pool, never inline on the worker that completes the waiter.
            waiter = _asyncReader = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return cancellation.CanBeCanceled ? new ValueTask<bool>(waiter.Task.WaitAsync(cancellation)) : new ValueTask<bool>(waiter.Task);
    }

    /// <summary>Batches still queued, for release when the scan ends.</summary>
    public List<ScanBatch> TakeAll()
    {
        List<ScanBatch> all;
        lock (_gate)
        {
            all = _items.ToList();
            _items.Clear();
            Volatile.Write(ref _count, 0);
        }
        Returned(all.Count, all.Sum(b => ReadAheadBudget.Charge(b.Bytes)));
        return all;
    }

    private void SpinUntilReadable()
    {
        if (Volatile.Read(ref _count) > 0 || _completed) return;
        var spin = new SpinWait();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _count) == 0 && !_completed
               && System.Diagnostics.Stopwatch.GetTimestamp() - start < SpinBudget)
            spin.SpinOnce(sleep1Threshold: -1); // yields, never sleeps a whole millisecond
    }

    /// <summary>Wakes the reader (an item or the end arrived). Caller holds the gate.</summary>
    private void Signal()
    {
        if (_waiting > 0) Monitor.PulseAll(_gate);
        if (_asyncReader is { } waiter)
        {
            _asyncReader = null;
            waiter.TrySetResult(_items.Count > 0);
        }
    }

    private void WaitForItem()
    {
        _waiting++;
        try
        {
            Monitor.Wait(_gate);
        }
        finally
        {
            _waiting--;
        }
    }

    /// <summary>
    /// Pulses the gate when the token is cancelled. Unregister (not Dispose) afterwards: Dispose waits for a running
    /// callback, which would wait for the gate this thread holds.
    /// </summary>
    private static CancellationTokenRegistration WakeOn(CancellationToken cancellation, object gate) =>
        cancellation.UnsafeRegister(static gate =>
        {
            lock (gate!) Monitor.PulseAll(gate);
        }, gate);
}
