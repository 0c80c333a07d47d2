using System.Diagnostics;
using Linq2PyArrow.Tests.Arrow;

namespace Linq2PyArrow.Tests.Reliability;

/// <summary>
/// Faults inside a source: an exception in the middle of a partition, KeyboardInterrupt/SystemExit, Python threads,
/// generators whose finally raises. (A source that blocks forever is covered by
/// Sources/ExecutionTests.A_source_that_never_returns_gives_control_back_and_the_library_stays_usable.)
/// Runs alone: it reads process-wide state (producer export counters, Python's thread count).
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class FaultTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
    }

    private static void ResetMidFailure() => TestPython.Run("import rel_sources\nrel_sources.MidFailure.reset()");

    // fail_at 2: within the ordered read-ahead, so partition 1 fails while partition 0 is still being consumed.
    private const string MidMessage = "partition 1 broke at batch 2";

    private static void CheckMidFailure(PythonDataSourceException ex)
    {
        Assert.Equal(("rel_sources.MidFailure", "read_partition", (int?)1, "RuntimeError", MidMessage),
            (ex.SourceName, ex.Operation, ex.PartitionIndex, ex.PythonType, ex.PythonMessage));
        Assert.Equal($"Python data source 'rel_sources.MidFailure' failed in read_partition (partition 1, spec {{\"index\":1}}): RuntimeError: " +
                     $"{MidMessage}{Environment.NewLine}{ex.PythonTraceback}", ex.Message);
        // The other partitions were stopped: every generator that started (on a busy machine partition 3 may not have
        // started before the failure) ran its finally, and far fewer than 4 × 1000 batches were produced.
        var started = (IReadOnlyList<object?>)TestPython.Run("import rel_sources\nresult = sorted(rel_sources.MidFailure.started)")!;
        var finished = (IReadOnlyList<object?>)TestPython.Run("import rel_sources\nresult = sorted(rel_sources.MidFailure.finished)")!;
        Assert.Contains(1L, started.Select(Convert.ToInt64));
        Assert.Equal(started.Select(Convert.ToInt64), finished.Select(Convert.ToInt64));
        Assert.InRange(Rel.PythonLong("rel_sources.MidFailure.produced[0]"), 2, 1000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_enumerating_consumer_sees_the_exception_after_partial_rows_never_a_normal_end(bool ordered)
    {
        ResetMidFailure();
        // No byte budget: partition 0 having produced more batches than ReadAheadBatches holds then means the consumer
        // has taken some (with the budget, all of them could still be queued when partition 1 fails).
        var settings = PythonSourceSettings.Default with { Ordered = ordered, ReadAheadBytes = 0 };
        var query = PythonSource.Open<Row>("rel_sources", "MidFailure", Rel.Options(("partitions", "4"), ("sleep_ms", "2")), settings);
        var seen = 0;
        var ended = false;
        var ex = Assert.Throws<PythonDataSourceException>(() =>
        {
            foreach (var _ in query) seen++;
            ended = true; // a normal end after a failure would mean partial results passed off as complete
        });
        Assert.False(ended);
        Assert.True(seen > 0, "rows before the failure reach the consumer");
        Assert.True(seen < 4 * 10_000, $"saw {seen} rows");
        CheckMidFailure(ex);
    }

    [Fact]
    public async Task ToList_Count_ForEachBatch_and_async_all_fail_instead_of_returning_partial_results()
    {
        var query = PythonSource.Open<Row>("rel_sources", "MidFailure", Rel.Options(("partitions", "4"), ("sleep_ms", "1")));
        ResetMidFailure();
        CheckMidFailure(Assert.Throws<PythonDataSourceException>(() => query.ToList()));
        ResetMidFailure();
        CheckMidFailure(Assert.Throws<PythonDataSourceException>(() => query.Count()));
        ResetMidFailure();
        CheckMidFailure(Assert.Throws<PythonDataSourceException>(() => query.Where(r => r.Id >= 0).Sum(r => r.Id)));
        ResetMidFailure();
        var batches = 0;
        CheckMidFailure(Assert.Throws<PythonDataSourceException>(() => query.ForEachBatch(_ => batches++, "id")));
        Assert.True(batches > 0);
        ResetMidFailure();
        CheckMidFailure(await Assert.ThrowsAsync<PythonDataSourceException>(() => query.ToListAsync()));
        // Still usable.
        Assert.Equal(4 * 10_000, PythonSource.Open<Row>("rel_sources", "MidFailure", Rel.Options(("partitions", "4"), ("fail_at", "5000"))).Count());
    }

    [Theory]
    [InlineData("KeyboardInterrupt", "infer_schema", "stop right there")]
    [InlineData("KeyboardInterrupt", "plan_partitions", "stop right there")]
    [InlineData("KeyboardInterrupt", "read_partition", "stop right there")]
    [InlineData("SystemExit", "infer_schema", "3")]
    [InlineData("SystemExit", "plan_partitions", "3")]
    [InlineData("SystemExit", "read_partition", "3")]
    public void KeyboardInterrupt_and_SystemExit_fail_the_query_but_never_end_the_host(string kind, string method, string message)
    {
        var pid = Environment.ProcessId;
        var options = Rel.Options(("raise", kind), ("method", method));
        var ex = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Row>("rel_sources", "Interrupting", options).ToList());
        Assert.Equal((method, kind, message), (ex.Operation, ex.PythonType, ex.PythonMessage));
        var where = method == "read_partition" ? $" (partition 1, spec {{\"index\":1}})" : "";
        Assert.Equal($"Python data source 'rel_sources.Interrupting' failed in {method}{where}: {kind}: {message}{Environment.NewLine}{ex.PythonTraceback}",
            ex.Message);
        // Still here, Python still works, and the next query (same source class) works.
        Assert.Equal(pid, Environment.ProcessId);
        Assert.False(Process.GetCurrentProcess().HasExited);
        Assert.Equal(2L, TestPython.Long("result = 1 + 1"));
        Assert.Equal(30, PythonSource.Open<Row>("rel_sources", "Interrupting", Rel.Options(("raise", kind), ("method", "none"))).ToList().Count);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    public void Sources_that_produce_on_python_threads_give_every_row_and_their_threads_end(string daemon)
    {
        var before = Rel.PythonLong("rel_sources.Threaded.threads_done[0]");
        var baseline = TestPython.Long("import threading\nresult = threading.active_count()");
        var query = PythonSource.Open<Row>("rel_sources", "Threaded", Rel.Options(("daemon", daemon), ("partitions", "6"), ("rows", "250")));
        for (var round = 0; round < 5; round++)
        {
            var ids = query.Select(r => r.Id).ToList();
            Assert.Equal(Enumerable.Range(0, 1500).Select(i => (long)i), ids);
        }
        // 2 threads per partition per round; the lingering ones end shortly after their partition.
        var deadline = Stopwatch.StartNew();
        while (Rel.PythonLong("rel_sources.Threaded.threads_done[0]") - before < 60 && deadline.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
        Assert.Equal(60, Rel.PythonLong("rel_sources.Threaded.threads_done[0]") - before);
        while (TestPython.Long("import threading\nresult = threading.active_count()") > baseline && deadline.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
        Assert.InRange(TestPython.Long("import threading\nresult = threading.active_count()"), 0, baseline);
    }

    [Fact]
    public void A_finally_that_raises_at_the_normal_end_fails_the_query()
    {
        var query = PythonSource.Open<Row>("rel_sources", "RaisingFinally", Rel.Options(("partitions", "2"), ("batches", "3")));
        var seen = 0;
        var ex = Assert.Throws<PythonDataSourceException>(() => { foreach (var _ in query) seen++; });
        Assert.Equal(("read_partition", "RuntimeError"), (ex.Operation, ex.PythonType));
        Assert.Matches("^cleanup of partition [01] failed$", ex.PythonMessage);
        Assert.Equal($"Python data source 'rel_sources.RaisingFinally' failed in read_partition (partition {ex.PartitionIndex}, spec " +
                     $"{{\"index\":{ex.PartitionIndex}}}): RuntimeError: {ex.PythonMessage}{Environment.NewLine}{ex.PythonTraceback}", ex.Message);
        Assert.InRange(seen, 0, 24);
    }

    [Fact]
    public void A_finally_that_raises_when_disposed_early_does_not_throw_from_Dispose_and_leaks_nothing()
    {
        var before = TestPython.ProducerStats();
        var query = PythonSource.Open<Row>("rel_sources", "RaisingFinally", Rel.Options(("partitions", "3"), ("batches", "100")));
        for (var round = 0; round < 20; round++)
        {
            // Disposing the enumerator early closes each started generator, whose finally raises: the consumer has
            // stopped, so Dispose must neither throw nor leave anything behind.
            using var rows = query.GetEnumerator();
            for (var i = 0; i <= round; i++) Assert.True(rows.MoveNext());
            Assert.Equal(round, rows.Current.Id);
        }
        foreach (var row in query)
        {
            if (row.Id == 10) break;
        }
        var after = TestPython.SettledProducerStats(before);
        Assert.Equal(after["exported"] - before["exported"], after["released"] - before["released"]);
        Assert.Equal(before["unknown_releases"], after["unknown_releases"]);
    }
}
