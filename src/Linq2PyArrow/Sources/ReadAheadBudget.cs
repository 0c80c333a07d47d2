namespace Linq2PyArrow.Sources;

/// <summary>
/// The bytes a scan may hold in batches read ahead of its consumer, shared by all its partitions' queues
/// (<see cref="PythonSourceSettings.ReadAheadBytes"/>). A queue always takes its first
/// <see cref="PythonSourceSettings.ReadAheadBatches"/> batches; beyond those a batch waits until it fits the budget.
/// So small batches buffer deep (an ordered scan's later partitions keep running while the consumer is still on
/// the first) and huge ones do not, and a runaway producer is held back either way.
/// </summary>
/// <remarks>
/// Writers that wait for room wait on <see cref="Gate"/>, which guards all the accounting (each queue's slots
/// and the bytes used); a reader that frees room pulses it only when a writer waits. The items themselves stay
/// under each queue's own lock, so a reader never contends with writers of other partitions.
/// </remarks>
internal sealed class ReadAheadBudget(long bytes)
{
    /// <summary>No budget: each queue holds only its count of batches.</summary>
    public static ReadAheadBudget None => new(0);

    public object Gate { get; } = new();
    public long Limit { get; } = Math.Max(0, bytes);

    /// <summary>Bytes of the batches queued (or being queued) in all of the scan's queues. Under <see cref="Gate"/>.</summary>
    public long Used { get; set; }

    /// <summary>Writers blocked in <see cref="Monitor.Wait(object)"/> on <see cref="Gate"/>. Under <see cref="Gate"/>.</summary>
    public int Waiting { get; set; }

    /// <summary>
    /// What a batch counts against the budget: its bytes, and at least 16 KiB, so that a producer of empty or tiny
    /// batches is held back as well. That is about what a batch costs beyond its buffers (its objects on both sides of
    /// the C Data Interface: measured, one-row batches in flight took ≈15 KiB of resident memory each).
    /// </summary>
    public static long Charge(long batchBytes) => Math.Max(batchBytes, 16 << 10);

    /// <summary>Whether a batch of this charge fits. Caller holds <see cref="Gate"/>.</summary>
    public bool Fits(long charge) => Used + charge <= Limit;

    /// <summary>Room was made (a batch read, a queue completed): wakes blocked writers. Caller holds <see cref="Gate"/>.</summary>
    public void RoomMade()
    {
        if (Waiting > 0) Monitor.PulseAll(Gate);
    }
}
