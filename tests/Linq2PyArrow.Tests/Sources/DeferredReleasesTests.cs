using Apache.Arrow;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Tests.Sources;

/// <summary>Who releases a finished batch: a draining worker, or the consumer when no worker will.</summary>
public sealed class DeferredReleasesTests
{
    private static (ImportedBatch Batch, MemoryStream Owner) NewBatch()
    {
        var owner = new MemoryStream(); // CanRead turns false once disposed
        return (new ImportedBatch(new RecordBatch(new Schema([], null), [], 1), owner), owner);
    }

    [Fact]
    public void With_a_worker_draining_batches_wait_for_it_and_are_released_once_by_it()
    {
        var releases = new DeferredReleases(limit: 4);
        releases.StartDraining();
        var (batch, owner) = NewBatch();
        releases.Release(batch);
        Assert.True(owner.CanRead, "the consumer must not release while a worker will");

        var worker = new Thread(releases.Drain);
        worker.Start();
        worker.Join();
        Assert.False(owner.CanRead);
        releases.Drain(); // nothing left: a second drain releases nothing twice
    }

    [Fact]
    public void Without_a_worker_or_beyond_the_limit_the_consumer_releases_at_once()
    {
        var releases = new DeferredReleases(limit: 2);
        var (alone, aloneOwner) = NewBatch();
        releases.Release(alone);
        Assert.False(aloneOwner.CanRead);

        releases.StartDraining();
        var queued = Enumerable.Range(0, 3).Select(_ => NewBatch()).ToList();
        foreach (var (batch, _) in queued) releases.Release(batch);
        Assert.Equal([true, true, false], queued.Select(q => q.Owner.CanRead)); // the third is over the limit

        releases.StopDraining();
        var (late, lateOwner) = NewBatch();
        releases.Release(late);
        Assert.False(lateOwner.CanRead); // the last worker stopped: nobody would drain it
        releases.Drain();
        Assert.All(queued, q => Assert.False(q.Owner.CanRead));
    }
}
