using Linq2PyArrow.Tests.Arrow;

namespace Linq2PyArrow.Tests.Reliability;

/// <summary>
/// 10k queries disposed early (100k+ batches): the source's reference counts return to where they started and every
/// producer release callback runs exactly once. (100k batches read to the end: Arrow/ReleaseTests.)
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class LeakTests
{
    public sealed class Row
    {
        public long Id { get; set; }
    }

    private const string RefCounts =
        "import sys, gc, rel_sources\n" +
        "from linq2pyarrow.arrow import _cdata\n" +
        "gc.collect(); _cdata.collect()\n" +
        "p = rel_sources.LeakProbe\n" +
        "result = [sys.getrefcount(p.instances[-1]), sys.getrefcount(p.schema), sys.getrefcount(p.batch), sys.getrefcount(p.token)]";

    private static long[] Counts() => ((IReadOnlyList<object?>)TestPython.Run(RefCounts)!).Select(Convert.ToInt64).ToArray();

    /// <summary>
    /// The counts once the last scan has finished cleaning up: a disposed scan releases its partition specs when its
    /// last worker ends, which can be just after Dispose returned. Waits (bounded) for them to come back to <paramref name="expected"/>.
    /// </summary>
    private static long[] SettledCounts(long[] expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var counts = Counts();
        while (!counts.SequenceEqual(expected) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            counts = Counts();
        }
        return counts;
    }

    [Fact]
    public void Ten_thousand_queries_disposed_early_leave_reference_counts_and_release_callbacks_exact()
    {
        const int queries = 10_000, batchesPerQuery = 11;
        var query = PythonSource.Open<Row>("rel_sources", "LeakProbe", Rel.Options(("partitions", "3"), ("batches", "1000")));
        var counts = Counts(); // right after Open: no query has run yet
        var before = TestPython.ProducerStats();
        var rows = 0L;
        for (var q = 0; q < queries; q++)
        {
            // Alternate the ways a consumer stops early: enumerator disposed, break out of foreach, ForEachBatch via Take.
            switch (q % 3)
            {
                case 0:
                    using (var e = query.GetEnumerator())
                        for (var i = 0; i < batchesPerQuery * 8 && e.MoveNext(); i++) rows++;
                    break;
                case 1:
                    foreach (var row in query)
                    {
                        if (++rows % (batchesPerQuery * 8) == 0) break;
                    }
                    break;
                default:
                    rows += query.Take(batchesPerQuery * 8).Sum(r => r.Id + 1) / 36 * 8; // 8 rows per batch: ids 0..7 sum (with +1) to 36
                    break;
            }
        }
        var countsAfter = SettledCounts(counts);
        var after = TestPython.SettledProducerStats(before);
        var exported = after["exported"] - before["exported"];
        var released = after["released"] - before["released"];
        Console.WriteLine($"10k early-disposed queries: {rows} rows consumed; producer exported {exported} structs, released {released}, " +
                          $"live {before["live"]}→{after["live"]}, unknown releases {after["unknown_releases"] - before["unknown_releases"]}; " +
                          $"refcounts [instance, schema, batch, spec value] {string.Join(",", counts)} → {string.Join(",", countsAfter)}");
        Assert.Equal((long)queries * batchesPerQuery * 8, rows);
        Assert.True(exported >= (long)queries * batchesPerQuery * 3, $"exported {exported}"); // ≥ 110k batches, several structs each
        Assert.Equal(exported, released);
        Assert.Equal(before["unknown_releases"], after["unknown_releases"]);
        Assert.Equal(before["live"], after["live"]);
        Assert.Equal(counts, countsAfter);
    }

    private static long Consume(long id) => id == 5 ? throw new InvalidOperationException("consumer") : id;

    [Fact]
    public async Task Failed_and_cancelled_queries_leave_reference_counts_exact_too()
    {
        var query = PythonSource.Open<Row>("rel_sources", "LeakProbe", Rel.Options(("partitions", "4"), ("batches", "200")));
        var counts = Counts();
        Assert.Equal(4 * 200 * 8, query.Count());
        var before = TestPython.ProducerStats();
        for (var q = 0; q < 500; q++)
        {
            // A consumer exception thrown mid-stream (a non-Python failure) and a cancelled async read.
            Assert.Throws<InvalidOperationException>(() => query.Select(r => Consume(r.Id)).ToList());
            using var cancellation = new CancellationTokenSource();
            var ids = query.AsAsyncEnumerable().WithCancellation(cancellation.Token).GetAsyncEnumerator();
            Assert.True(await ids.MoveNextAsync());
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { while (await ids.MoveNextAsync()) { } });
            await ids.DisposeAsync();
        }
        var after = TestPython.SettledProducerStats(before);
        Assert.Equal(after["exported"] - before["exported"], after["released"] - before["released"]);
        Assert.Equal((before["live"], before["unknown_releases"]), (after["live"], after["unknown_releases"]));
        Assert.Equal(counts, SettledCounts(counts));
    }
}
