using System.Diagnostics;

namespace Linq2PyArrow.Tests.Sources.Dask;

/// <summary>
/// Cancelling, disposing early and satisfying a limit stop the partitions on the workers: every generator that started
/// there runs its finally block, and the next query works.
/// </summary>
[Collection(DaskCollection.Name)]
public sealed class DaskCancellationTests(DaskCluster cluster)
{
    public sealed record Number(long Id, int Part, string Label, double? Score);

    private (Dictionary<string, string> Options, string Markers) Slow(int partitions = 4)
    {
        var markers = Directory.CreateDirectory(Path.Combine(cluster.Folder, "markers-" + Guid.NewGuid().ToString("N"))).FullName;
        return (new Dictionary<string, string>
        {
            ["partitions"] = $"{partitions}", ["rows"] = "1000", ["batch"] = "10", ["sleep_ms"] = "100", ["markers"] = markers,
        }, markers);
    }

    [DaskFact]
    public async Task A_cancelled_query_stops_and_every_started_generator_is_closed_on_its_worker()
    {
        var (options, markers) = Slow();
        using var cancellation = new CancellationTokenSource();
        var settings = cluster.Settings with { Progress = new CancelOnFirstBatch(cancellation) };
        var query = PythonSource.Open<Number>("dask_sources", "Numbers", options, settings);
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query.ToListAsync(cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"cancellation took {clock.Elapsed}");
        AssertAllClosed(markers);
        Assert.Equal(40, PythonSource.Open<Number>("dask_sources", "Numbers", new Dictionary<string, string> { ["partitions"] = "2", ["rows"] = "20" },
            cluster.Settings).Count());
    }

    [DaskFact]
    public void Disposing_early_closes_the_partitions_still_running()
    {
        var (options, markers) = Slow();
        var first = PythonSource.Open<Number>("dask_sources", "Numbers", options, cluster.Settings).First();
        Assert.Equal(0, first.Id);
        AssertAllClosed(markers);
    }

    [DaskFact]
    public void A_satisfied_limit_cancels_the_outstanding_partitions()
    {
        var (options, markers) = Slow(6);
        var rows = PythonSource.Open<Number>("dask_sources", "Numbers", options, cluster.Settings with { Ordered = false }).Take(5).ToList();
        Assert.Equal(5, rows.Count);
        AssertAllClosed(markers);
    }

    /// <summary>Every partition that started on a worker ran its finally block (waits a bounded time for the workers).</summary>
    private static void AssertAllClosed(string markers)
    {
        var clock = Stopwatch.StartNew();
        string[] started = [], closed = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            started = Names(markers, "started-");
            closed = Names(markers, "closed-");
            if (started.Length > 0 && started.All(closed.Contains)) return;
            Thread.Sleep(100);
        }
        Assert.Fail($"started: {string.Join(", ", started)}; closed: {string.Join(", ", closed)}");
    }

    private static string[] Names(string folder, string prefix) =>
        [.. Directory.GetFiles(folder, prefix + "*").Select(f => Path.GetFileName(f)[prefix.Length..]).Order()];

    private sealed class CancelOnFirstBatch(CancellationTokenSource cancellation) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value)
        {
            if (value.Rows > 0) cancellation.Cancel();
        }
    }
}
