namespace Linq2PyArrow.Tests.Sources.Dask;

/// <summary>
/// "local:N" starts a local cluster of N worker processes owned by this process (stopped at exit), with this process's
/// sys.path, so sources importable here are importable there.
/// </summary>
public sealed class DaskLocalClusterTests
{
    public sealed record Number(long Id, int Part, string Label, double? Score);

    [DaskFact]
    public void A_local_cluster_of_two_workers_reads_every_partition()
    {
        var settings = PythonSourceSettings.Default with { DaskScheduler = "local:2" };
        var options = new Dictionary<string, string> { ["partitions"] = "5", ["rows"] = "40", ["batch"] = "9" };
        var query = PythonSource.Open<Number>("dask_sources", "Numbers", options, settings);
        Assert.Equal(PythonSource.Open<Number>("dask_sources", "Numbers", options).ToList(), query.ToList());
        Assert.Matches(@"Partitions run on dask local:2: tcp://127\.0\.0\.1:\d+ \(2 workers\)", query.Explain());
    }
}
