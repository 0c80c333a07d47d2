using Apache.Arrow;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Tests.Sources;

/// <summary>The bounded hand-off between partition workers and the consumer, with real threads.</summary>
public sealed class BatchQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static ScanBatch NewBatch(int rows) =>
        new(new ImportedBatch(new RecordBatch(new Schema([], null), [], rows), new MemoryStream()), 0, [], 0);

    /// <summary>Runs blocking work on its own thread (as partition workers and a synchronous consumer do).</summary>
    private static Task<T> OnThread<T>(Func<T> work) => Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);

    private static async Task<bool> StillBlockedAfter(Task task, int milliseconds) =>
        await Task.WhenAny(task, Task.Delay(milliseconds)) != task;

    [Fact]
    public async Task A_writer_blocks_while_the_queue_is_full_and_resumes_when_the_reader_takes_one()
    {
        var queue = new BatchQueue(capacity: 2);
        Assert.True(queue.Write(NewBatch(1), CancellationToken.None));
        Assert.True(queue.Write(NewBatch(2), CancellationToken.None));
        var third = OnThread(() => queue.Write(NewBatch(3), CancellationToken.None));
        Assert.True(await StillBlockedAfter(third, 200), "a full queue must block its writer");

        Assert.True(queue.TryRead(out var first));
        Assert.Equal(1, first.Length);
        Assert.True(await third.WaitAsync(Patience));
        Assert.True(queue.TryRead(out var second));
        Assert.True(queue.TryRead(out var last));
        Assert.Equal([2, 3], new[] { second.Length, last.Length });
    }

    [Fact]
    public async Task Past_its_capacity_a_queue_takes_batches_while_they_fit_the_budget_shared_with_the_other_queues()
    {
        // Every batch here charges the minimum, 4 KiB; the budget holds three, counting the ones within capacity.
        var budget = new ReadAheadBudget(3 * ReadAheadBudget.Charge(0));
        var first = new BatchQueue(capacity: 1, budget);
        var second = new BatchQueue(capacity: 1, budget);
        Assert.True(first.Write(NewBatch(1), CancellationToken.None));  // within capacity
        Assert.True(first.Write(NewBatch(2), CancellationToken.None));  // within the budget
        Assert.True(second.Write(NewBatch(3), CancellationToken.None)); // within its own capacity (the budget is now full)
        var fourth = OnThread(() => first.Write(NewBatch(4), CancellationToken.None));
        Assert.True(await StillBlockedAfter(fourth, 200), "a queue past its capacity must block once the budget is full");

        Assert.True(second.TryRead(out var third)); // room in the budget, made by the other queue
        Assert.Equal(3, third.Length);
        Assert.True(await fourth.WaitAsync(Patience));
        Assert.Equal([1, 2, 4], first.TakeAll().Select(b => b.Length));
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public async Task Without_a_budget_a_queue_holds_its_capacity_whatever_the_batch_size()
    {
        var queue = new BatchQueue(capacity: 1, new ReadAheadBudget(0));
        Assert.True(queue.Write(NewBatch(1), CancellationToken.None));
        var second = OnThread(() => queue.Write(NewBatch(2), CancellationToken.None));
        Assert.True(await StillBlockedAfter(second, 200));
        queue.Complete();
        Assert.False(await second.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_blocked_reader_is_woken_by_a_write_and_by_completion_after_the_last_batch()
    {
        var queue = new BatchQueue(capacity: 1);
        var waiting = OnThread(() => queue.WaitToRead(CancellationToken.None));
        Assert.True(await StillBlockedAfter(waiting, 400), "an empty queue must block its reader");
        Assert.True(queue.Write(NewBatch(5), CancellationToken.None));
        Assert.True(await waiting.WaitAsync(Patience));

        queue.Complete();
        Assert.True(queue.TryRead(out var batch)); // what was queued before completion is still read
        Assert.Equal(5, batch.Length);
        Assert.False(queue.WaitToRead(CancellationToken.None));
        Assert.False(queue.Write(NewBatch(6), CancellationToken.None)); // no writes after completion
    }

    [Fact]
    public async Task Completion_wakes_a_blocked_writer_which_keeps_its_batch()
    {
        var queue = new BatchQueue(capacity: 1);
        Assert.True(queue.Write(NewBatch(1), CancellationToken.None));
        var blocked = OnThread(() => queue.Write(NewBatch(2), CancellationToken.None));
        Assert.True(await StillBlockedAfter(blocked, 200));
        queue.Complete();
        Assert.False(await blocked.WaitAsync(Patience));
        Assert.Equal([1], queue.TakeAll().Select(b => b.Length));
    }

    [Fact]
    public async Task Cancellation_wakes_a_blocked_reader_and_a_blocked_writer()
    {
        var empty = new BatchQueue(capacity: 1);
        using var readerCancel = new CancellationTokenSource();
        var reader = OnThread(() => empty.WaitToRead(readerCancel.Token));
        Assert.True(await StillBlockedAfter(reader, 400));
        readerCancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.WaitAsync(Patience));

        var full = new BatchQueue(capacity: 1);
        Assert.True(full.Write(NewBatch(1), CancellationToken.None));
        using var writerCancel = new CancellationTokenSource();
        var writer = OnThread(() => full.Write(NewBatch(2), writerCancel.Token));
        Assert.True(await StillBlockedAfter(writer, 200));
        writerCancel.Cancel();
        Assert.False(await writer.WaitAsync(Patience));
    }

    [Fact]
    public async Task An_async_reader_resumes_when_a_batch_arrives_and_sees_the_end()
    {
        var queue = new BatchQueue(capacity: 1);
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        var writer = OnThread(() => queue.Write(NewBatch(4), CancellationToken.None));
        Assert.True(await waiting.WaitAsync(Patience));
        Assert.True(await writer.WaitAsync(Patience));
        Assert.True(queue.TryRead(out _));
        var end = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        queue.Complete();
        Assert.False(await end.WaitAsync(Patience));
    }
}
