using System.Diagnostics;
using Linq2PyArrow.Sources;
using Linq2PyArrow.Tests.Arrow;

namespace Linq2PyArrow.Tests.Sources;

/// <summary>
/// Parallel partitions, ordering, streaming, memory bounds, early dispose, cancellation and sources that never return.
/// Timing assertions use wide margins (CI has two busy cores) and log the measured numbers.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ExecutionTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
    }

    private static Dictionary<string, string> Options(params (string Key, string Value)[] options) =>
        options.ToDictionary(o => o.Key, o => o.Value);

    [Theory]
    [InlineData(true, 3, 2)]
    [InlineData(false, 3, 2)]
    [InlineData(false, 6, 2)]
    [InlineData(true, 6, 6)]
    public void Eight_sleeping_partitions_overlap_when_eight_run_at_once(bool ordered, int batches, int readAhead)
    {
        // 8 partitions × n batches × 200 ms of time.sleep (which releases the GIL). In partition order, a partition runs
        // ahead of the consumer by at most ReadAheadBatches (+1 in hand): partitions that fit overlap completely; longer
        // ones need a larger read-ahead (the memory bound is the point of ordered mode). Unordered always overlaps.
        var options = Options(("partitions", "8"), ("rows", $"{batches}"), ("batch", "1"), ("sleep_ms", "200"));
        var settings = PythonSourceSettings.Default with { MaxDegreeOfParallelism = 8, Ordered = ordered, ReadAheadBatches = readAhead };
        var query = PythonSource.Open<Row>("l2pa_test_sources", "SleepyRows", options, settings);
        var clock = Stopwatch.StartNew();
        var rows = query.ToList();
        var elapsed = clock.Elapsed;
        var one = TimeSpan.FromMilliseconds(batches * 200);
        var sequential = one * 8;
        Console.WriteLine($"8 partitions × {batches} × 200 ms, ordered={ordered}, read-ahead {readAhead}: {elapsed.TotalMilliseconds:F0} ms " +
                          $"(one partition {one.TotalMilliseconds:F0} ms, sequential {sequential.TotalMilliseconds:F0} ms)");
        Assert.Equal(8 * batches, rows.Count);
        var expected = Enumerable.Range(0, 8 * batches).Select(i => (long)i);
        Assert.Equal(expected, ordered ? rows.Select(r => r.Id) : rows.Select(r => r.Id).Order());
        Assert.True(elapsed < sequential * 0.5, $"took {elapsed}, sequential {sequential}");
    }

    [Fact]
    public async Task A_partition_the_consumer_has_not_reached_reads_ahead_within_the_byte_budget_and_no_further()
    {
        // Partition 0 waits for a gate, so the consumer waits on it; partition 1 would produce 100 batches of 4096 rows
        // at once. The query reads only id: 32 KiB per batch. Partition 1 may queue its 2 ReadAheadBatches, then more while
        // all queued bytes fit the 320 KiB budget (10 batches in all), and its worker holds one more, imported, waiting for
        // room: 11 produced. Beyond the count alone (the old bound, 2 + 1) and no further than the budget.
        TestPython.Run("import scan_sources\nscan_sources.Runaway.gate.clear()\nscan_sources.Runaway.produced.clear()");
        const int batchBytes = 4096 * sizeof(long);
        var settings = PythonSourceSettings.Default with { ReadAheadBatches = 2, ReadAheadBytes = 10 * batchBytes };
        var query = PythonSource.Open<IdRow>("scan_sources", "Runaway", Options(("batches", "100")), settings);
        static int Produced() => Convert.ToInt32(TestPython.Run("import scan_sources\nresult = len(scan_sources.Runaway.produced)"));
        using var rows = query.GetEnumerator();
        var first = Task.Factory.StartNew(rows.MoveNext, TaskCreationOptions.LongRunning); // blocks: partition 0 waits for the gate
        try
        {
            Assert.True(BindingTestSupport.WaitUntil(() => Produced() >= 11, TimeSpan.FromSeconds(30)), $"produced {Produced()}");
            // Time for the producer to run further, were the budget not holding it (a slow machine only makes this weaker).
            Thread.Sleep(500);
            Assert.Equal(11, Produced());
        }
        finally
        {
            TestPython.Run("import scan_sources\nscan_sources.Runaway.gate.set()");
        }
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        var ids = new List<long> { rows.Current.Id };
        while (rows.MoveNext()) ids.Add(rows.Current.Id);
        Assert.Equal(Enumerable.Range(0, 1 + 100 * 4096).Select(i => (long)i), ids);
    }

    public sealed class IdRow
    {
        public long Id { get; set; }
    }

    [Fact]
    public void Ordered_follows_partition_order_and_unordered_follows_arrival()
    {
        // Partition i of 4 sleeps (4 - i) × 150 ms per batch: partition 3's first row comes at 150 ms, partition 0's last at 1800 ms.
        var options = Options(("partitions", "4"), ("rows", "3"), ("batch", "1"), ("step_ms", "150"));
        var ordered = PythonSource.Open<Row>("scan_sources", "Staggered", options).Select(r => r.Id).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), ordered);

        var settings = PythonSourceSettings.Default with { Ordered = false };
        var arrival = PythonSource.Open<Row>("scan_sources", "Staggered", options, settings).Select(r => r.Id).ToList();
        Console.WriteLine($"unordered arrival: {string.Join(", ", arrival)}");
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), arrival.Order());
        Assert.Equal(9, arrival[0]);   // the fastest partition's first row comes first
        Assert.Equal(2, arrival[^1]);  // the slowest partition's last row comes last
    }

    [Fact]
    public void Rows_arrive_while_the_partition_is_still_producing()
    {
        TestPython.Run("import scan_sources\nscan_sources.Gated.gate.clear()\nscan_sources.Gated.parked.clear()\nscan_sources.Gated.waited.clear()");
        using var rows = PythonSource.Open<Row>("scan_sources", "Gated").GetEnumerator();
        Assert.True(rows.MoveNext());
        Assert.Equal(0, rows.Current.Id);
        // The generator has not yielded its second batch: it waits for the gate, which only opens now.
        Assert.Equal(false, TestPython.Run("import scan_sources\nresult = scan_sources.Gated.gate.is_set()"));
        // Open the gate only once the generator waits at it (on a loaded machine the worker may not have resumed
        // the generator yet), so 'waited' proves the first row was delivered before the partition finished.
        Assert.Equal(true, TestPython.Run("import scan_sources\nresult = scan_sources.Gated.parked.wait(30)"));
        TestPython.Run("import scan_sources\nscan_sources.Gated.gate.set()");
        var ids = new List<long> { rows.Current.Id };
        while (rows.MoveNext()) ids.Add(rows.Current.Id);
        Assert.Equal([0L, 1, 2, 3], ids);
        Assert.Equal("[True]", TestPython.Run("import scan_sources\nresult = repr(scan_sources.Gated.waited)"));
    }

    [Fact]
    public void A_partition_far_larger_than_the_read_ahead_streams_through_in_bounded_memory()
    {
        // 256 batches × 1M int64 = 2 GiB produced by one partition, every byte written (array repetition), read in place.
        const int batches = 256, rows = 1 << 20;
        var query = PythonSource.Open<object>("arrow_memory", "Big", Options(("batches", $"{batches}"), ("rows", $"{rows}")));
        var process = Process.GetCurrentProcess();
        var startRss = process.WorkingSet64;
        var peakRss = startRss;
        var clock = Stopwatch.StartNew();
        var (count, sum) = query.AggregateBatches((Count: 0L, Sum: 0L), (state, batch) =>
        {
            var values = batch.Values<long>("v");
            var total = 0L;
            foreach (var value in values) total += value;
            process.Refresh();
            peakRss = Math.Max(peakRss, process.WorkingSet64);
            return (state.Count + values.Length, state.Sum + total);
        });
        Console.WriteLine($"2 GiB through one partition in {clock.Elapsed.TotalMilliseconds:F0} ms; RSS {startRss / 1048576} MB → peak {peakRss / 1048576} MB");
        Assert.Equal((long)batches * rows, count);
        Assert.Equal((long)rows * (batches - 1) * batches / 2, sum);
        Assert.True(peakRss - startRss < 400L << 20, $"RSS grew by {(peakRss - startRss) / 1048576} MB while streaming 2 GiB");
    }

    [Fact]
    public void Disposing_early_closes_the_generators_and_releases_outstanding_batches()
    {
        TestPython.Run("import l2pa_test_sources\nl2pa_test_sources.Tracked.finished.clear()\nl2pa_test_sources.Tracked.started.clear()");
        var before = TestPython.ProducerStats();
        var query = PythonSource.Open<Row>("l2pa_test_sources", "Tracked", Options(("partitions", "3"), ("rows", "1000"), ("batch", "10")));
        using (var rows = query.GetEnumerator())
        {
            for (var i = 0; i < 15; i++) Assert.True(rows.MoveNext());
        }
        // Every generator that started has run its finally block by the time Dispose returned.
        var started = (IReadOnlyList<object?>)TestPython.Run("import l2pa_test_sources\nresult = sorted(l2pa_test_sources.Tracked.started)")!;
        var finished = (IReadOnlyList<object?>)TestPython.Run("import l2pa_test_sources\nresult = sorted(l2pa_test_sources.Tracked.finished)")!;
        Assert.Contains(0L, started.Select(Convert.ToInt64));
        Assert.Equal(started.Select(Convert.ToInt64), finished.Select(Convert.ToInt64));
        var after = TestPython.SettledProducerStats(before);
        Assert.Equal(before["live"], after["live"]);
        Assert.Equal(after["exported"] - before["exported"], after["released"] - before["released"]);
    }

    [Fact]
    public async Task Cancelling_the_token_stops_the_scan_promptly()
    {
        var source = DataSource.Open("l2pa_test_sources", "SleepyRows", Options(("partitions", "4"), ("rows", "100"), ("batch", "1"), ("sleep_ms", "100")), []);
        var before = TestPython.ProducerStats();
        using var cancellation = new CancellationTokenSource();
        var scan = ParallelScan.Start(source, new ScanRequest(["id"], null, null), PythonSourceSettings.Default, cancellation.Token);
        var first = await scan.ReadAsync(cancellation.Token);
        Assert.NotNull(first);
        first.Dispose();
        var clock = Stopwatch.StartNew();
        var pending = scan.ReadAsync(cancellation.Token).AsTask();
        cancellation.CancelAfter(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await pending is { } batch)
            {
                batch.Dispose();
                pending = scan.ReadAsync(cancellation.Token).AsTask();
            }
        });
        scan.Dispose();
        Console.WriteLine($"cancelled and disposed in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(before["live"], TestPython.ProducerStats()["live"]);
    }

    [Theory]
    [InlineData("spin")]
    [InlineData("sleep")]
    public void A_source_that_never_returns_gives_control_back_and_the_library_stays_usable(string mode)
    {
        TestPython.Run("import scan_sources\nscan_sources.Blocking.entered.clear()\nscan_sources.Blocking.exited.clear()");
        // sleep: a C call the interrupt cannot reach; 10 s so the abandoned worker finishes (and cleans up) during the test run.
        var query = PythonSource.Open<Row>("scan_sources", "Blocking", Options(("mode", mode), ("sleep_s", "10")));
        var clock = Stopwatch.StartNew();
        using (var cancellation = new CancellationTokenSource())
        {
            var rows = query.ForEachBatchAsync(_ => cancellation.CancelAfter(300), cancellationToken: cancellation.Token);
            Assert.ThrowsAny<OperationCanceledException>(() => rows.GetAwaiter().GetResult());
        }
        var elapsed = clock.Elapsed;
        Console.WriteLine($"{mode}: control back after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"took {elapsed}");
        if (mode == "spin")
        {
            // The pure-Python loop was interrupted (QueryCancelled), so the generator's finally ran.
            Assert.Equal("[0]", TestPython.Run("import scan_sources\nresult = repr(scan_sources.Blocking.exited)"));
        }
        var next = PythonSource.Open<Row>("l2pa_test_sources", "Rows").ToList();
        Assert.Equal(20, next.Count);
    }
}
