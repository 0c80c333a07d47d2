using System.Diagnostics;

namespace Linq2PyArrow.Tests.Sources.Dask;

/// <summary>A cluster of its own: these tests kill its workers.</summary>
public sealed class DaskFaultCluster : DaskCluster;

/// <summary>
/// Faults on a real cluster: a worker killed in the middle of a partition (the partition reruns on another worker and
/// every row arrives exactly once), and a cluster whose workers are all gone (a clear error in bounded time, naming the
/// scheduler and the partition; the next query works once a worker is back).
/// </summary>
public sealed class DaskFaultTests(DaskFaultCluster cluster) : IClassFixture<DaskFaultCluster>
{
    public sealed record Number(long Id, int Part, string Label, double? Score);

    [DaskFact]
    public void A_worker_killed_mid_partition_reruns_it_elsewhere_and_every_row_arrives_once()
    {
        EnsureWorkers(2);
        var markers = Directory.CreateDirectory(Path.Combine(cluster.Folder, "kill-" + Guid.NewGuid().ToString("N"))).FullName;
        var options = new Dictionary<string, string>
        {
            ["partitions"] = "2", ["rows"] = "400", ["batch"] = "10", ["sleep_ms"] = "40", ["markers"] = markers,
        };
        var killer = new KillPartitionWorker(cluster, markers, partition: 0, afterRows: 60);
        // Chunks of one batch each, so the driver holds rows of the partition when its worker dies.
        var settings = cluster.Settings with { DaskChunkBytes = 1, Progress = killer };
        var rows = PythonSource.Open<Number>("dask_sources", "Numbers", options, settings).ToList();

        Assert.True(killer.Killed is not null, "no worker was killed: the partition ended first");
        Assert.Equal(Enumerable.Range(0, 800).Select(i => (long)i), rows.Select(r => r.Id));
        var runs = Directory.GetFiles(markers, "started-0-*").Select(f => Path.GetFileName(f)["started-0-".Length..]).ToList();
        Assert.Contains(killer.Killed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), runs);
        Assert.True(runs.Count >= 2, $"partition 0 ran on {string.Join(", ", runs)} only");
    }

    [DaskFact]
    public void With_every_worker_gone_a_query_fails_in_bounded_time_and_works_again_once_one_is_back()
    {
        EnsureWorkers(1);
        foreach (var worker in cluster.Workers) cluster.Kill(worker);
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Number>("dask_sources", "Numbers",
            new Dictionary<string, string> { ["partitions"] = "2" }, cluster.Settings with { MaxDegreeOfParallelism = 1 }).ToList());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        Assert.Contains($"the Dask scheduler at {cluster.Address} has no workers", error.Message);
        Assert.Equal(0, error.PartitionIndex);

        EnsureWorkers(1);
        Assert.Equal(40, PythonSource.Open<Number>("dask_sources", "Numbers",
            new Dictionary<string, string> { ["partitions"] = "2", ["rows"] = "20" }, cluster.Settings).Count());
    }

    /// <summary>Starts workers until this many run and have registered.</summary>
    private void EnsureWorkers(int count)
    {
        var registrations = cluster.Log("scheduler").Split("Register worker").Length - 1;
        for (var i = cluster.Workers.Count; i < count; i++)
        {
            cluster.StartWorker();
            registrations++;
        }
        cluster.WaitForWorkers(registrations);
    }

    /// <summary>Once the scan has delivered enough rows, kills the worker process that runs the partition (once).</summary>
    private sealed class KillPartitionWorker(DaskCluster cluster, string markers, int partition, int afterRows) : IProgress<ScanProgress>
    {
        private int _done;

        public int? Killed { get; private set; }

        public void Report(ScanProgress value)
        {
            if (value.Rows < afterRows || Interlocked.Exchange(ref _done, 1) != 0) return;
            var marker = Directory.GetFiles(markers, $"started-{partition}-*").FirstOrDefault();
            if (marker is null)
            {
                _done = 0; // not started yet: try again at the next batch
                return;
            }
            var pid = int.Parse(Path.GetFileName(marker)[$"started-{partition}-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var worker = cluster.Workers.Single(w => w.Id == pid);
            cluster.Kill(worker);
            Killed = pid;
        }
    }
}
