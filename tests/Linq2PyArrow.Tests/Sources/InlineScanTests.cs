namespace Linq2PyArrow.Tests.Sources;

/// <summary>
/// A columnar kernel (Count, Sum, Any…) over a single partition reads it on the calling thread, with no worker
/// (ParallelScan.Inline.cs); with more partitions, workers read them in parallel as before.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class InlineScanTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
    }

    // 5 ms of sleep before each batch: the producer costs far more than any consumer here, so a kernel stays inline.
    private static IQueryable<Row> Open(int partitions, int rows, int batch) => PythonSource.Open<Row>("scan_sources", "ThreadRecording",
        new Dictionary<string, string> { ["partitions"] = $"{partitions}", ["rows"] = $"{rows}", ["batch"] = $"{batch}", ["sleep_ms"] = "5" });

    private static void Clear() =>
        TestPython.Run("import scan_sources\nscan_sources.ThreadRecording.threads.clear()\nscan_sources.ThreadRecording.closed.clear()");

    private static long[] Threads() => ((IEnumerable<object?>)TestPython.Run(
        "import scan_sources\nresult = list(scan_sources.ThreadRecording.threads)")!).Select(Convert.ToInt64).ToArray();

    private static int Closed() => Convert.ToInt32(TestPython.Run("import scan_sources\nresult = len(scan_sources.ThreadRecording.closed)"));

    /// <summary>Runs <paramref name="query"/> on a new thread; returns its result and that thread's OS id as Python sees it.</summary>
    private static (T Result, long Thread) OnNewThread<T>(Func<T> query)
    {
        (T, long) result = default;
        var thread = new Thread(() => result = (query(), Convert.ToInt64(TestPython.Run("import threading\nresult = threading.get_native_id()"))));
        thread.Start();
        thread.Join();
        return result;
    }

    [Fact]
    public void A_sum_over_one_partition_reads_it_on_the_calling_thread()
    {
        Clear();
        var query = Open(partitions: 1, rows: 100, batch: 10);
        var (sum, caller) = OnNewThread(() => query.Sum(r => r.Id));
        Assert.Equal(Enumerable.Range(0, 100).Sum(), sum);
        Assert.Equal(Enumerable.Repeat(caller, 10), Threads());
        Assert.Equal(1, Closed());
    }

    [Fact]
    public void A_sum_over_several_partitions_still_reads_them_on_workers()
    {
        Clear();
        var query = Open(partitions: 3, rows: 40, batch: 10);
        var (sum, caller) = OnNewThread(() => query.Sum(r => r.Id));
        Assert.Equal(Enumerable.Range(0, 120).Sum(), sum);
        Assert.Equal(12, Threads().Length);
        Assert.DoesNotContain(caller, Threads());
    }

    [Fact]
    public void Rows_of_one_partition_are_still_read_ahead_by_a_worker()
    {
        // Building rows is real work per batch: there the worker's overlap pays, so ToList does not read inline.
        Clear();
        var query = Open(partitions: 1, rows: 40, batch: 10);
        var (rows, caller) = OnNewThread(() => query.ToList());
        Assert.Equal(40, rows.Count);
        Assert.DoesNotContain(caller, Threads());
    }

    [Fact]
    public void A_consumer_slower_than_the_producer_hands_the_partition_to_a_worker_after_the_second_batch()
    {
        // The producer re-yields one prebuilt 64K-row batch (microseconds per batch); the consumer tests a string
        // predicate on each of its rows (milliseconds): far more than a tenth of Python's time, so a worker reads ahead.
        Clear();
        var query = PythonSource.Open<Row>("scan_sources", "ThreadRecording",
            new Dictionary<string, string> { ["partitions"] = "1", ["batch"] = "65536", ["repeat"] = "12" });
        var (sum, caller) = OnNewThread(() => query.Where(r => r.Name!.EndsWith("7")).Sum(r => r.Id));
        Assert.Equal(12 * Enumerable.Range(0, 65536).Where(i => i % 10 == 7).Sum(i => (long)i), sum);
        var threads = Threads();
        Assert.Equal(12, threads.Length);
        Assert.Equal([caller, caller], threads[..2]);
        Assert.DoesNotContain(caller, threads[2..]);
        Assert.Equal(1, Closed());
    }

    [Fact]
    public void A_kernel_that_stops_early_closes_the_generator_before_it_returns()
    {
        // Any stops at the first batch with a match: the generator is closed (its finally runs) on this thread, before
        // Any returns, and nothing past the first batch is produced.
        Clear();
        var query = Open(partitions: 1, rows: 1000, batch: 10);
        Assert.True(query.Any(r => r.Id == 3));
        Assert.Equal(1, Closed());
        Assert.Single(Threads());
    }
}
