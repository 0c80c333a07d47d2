using System.Diagnostics;

namespace Linq2PyArrow.Tests.Sources.Dask;

/// <summary>
/// Failures on Dask read like failures in-process: the source, operation, partition and the worker's traceback, secrets
/// masked; configuration mistakes (a module the workers lack, an unreachable scheduler) say what to fix; the next query works.
/// </summary>
[Collection(DaskCollection.Name)]
public sealed class DaskErrorTests(DaskCluster cluster)
{
    public sealed record Number(long Id, int Part, string Label, double? Score);

    private static Dictionary<string, string> Failing() => new()
    {
        ["partitions"] = "3", ["rows"] = "20", ["batch"] = "5", ["fail_after_rows"] = "10", ["fail_partition"] = "1",
        ["password"] = "s3cr3t-value",
    };

    [DaskFact]
    public void A_source_exception_on_a_worker_carries_the_partition_and_the_remote_traceback()
    {
        var local = Assert.Throws<PythonDataSourceException>(() =>
            PythonSource.Open<Number>("dask_sources", "Numbers", Failing()).ToList());
        var remote = Assert.Throws<PythonDataSourceException>(() =>
            PythonSource.Open<Number>("dask_sources", "Numbers", Failing(), cluster.Settings).ToList());
        Assert.Equal(local.Operation, remote.Operation);
        Assert.Equal(1, remote.PartitionIndex);
        Assert.Equal(local.PartitionSpec, remote.PartitionSpec);
        Assert.Equal("ValueError", remote.PythonType);
        Assert.Equal(local.PythonMessage, remote.PythonMessage);
        Assert.Contains("partition 1 failed after 10 rows (password ***)", remote.Message);
        Assert.Contains("on Dask worker tcp://127.0.0.1:", remote.PythonTraceback);
        Assert.Contains("dask_sources.py", remote.PythonTraceback);
        Assert.Contains("raise ValueError", remote.PythonTraceback);
        Assert.DoesNotContain("s3cr3t-value", remote.ToString());
        Assert.Equal(60, PythonSource.Open<Number>("dask_sources", "Numbers", new Dictionary<string, string> { ["partitions"] = "3", ["rows"] = "20" }, cluster.Settings).Count());
    }

    [DaskFact]
    public void A_batch_that_does_not_match_the_schema_is_the_same_schema_mismatch()
    {
        var one = new Dictionary<string, string> { ["partitions"] = "1" };
        var local = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<Number>("dask_sources", "WrongType", one).ToList());
        var remote = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<Number>("dask_sources", "WrongType", one, cluster.Settings).ToList());
        Assert.Equal(local.Message, remote.Message);
        Assert.Equal("score", remote.Column);
    }

    [DaskFact]
    public void A_source_that_yields_no_arrow_batches_gets_the_in_process_message()
    {
        var one = new Dictionary<string, string> { ["partitions"] = "1" };
        var local = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Number>("dask_sources", "NotBatches", one).ToList());
        var remote = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Number>("dask_sources", "NotBatches", one, cluster.Settings).ToList());
        Assert.Contains("yielded a 'dict', which is not an Arrow record batch", local.Message);
        Assert.Contains("yielded a 'dict', which is not an Arrow record batch", remote.Message);
        Assert.Equal(0, remote.PartitionIndex);
    }

    [DaskFact]
    public void A_module_the_workers_lack_says_how_to_deploy_it_and_uploading_it_works()
    {
        var folder = Directory.CreateTempSubdirectory("l2pa-upload-").FullName;
        var module = Path.Combine(folder, "dask_uploaded_source.py");
        File.WriteAllText(module, """
            from linq2pyarrow import arrow as pa
            SCHEMA = pa.schema([pa.field("v", pa.int64())])
            class Uploaded:
                def infer_schema(self, options): return SCHEMA
                def plan_partitions(self, options): return [{"n": 3}, {"n": 4}]
                def read_partition(self, spec, options):
                    yield pa.RecordBatch.from_pydict({"v": list(range(spec["n"]))}, schema=SCHEMA)
            """);
        var settings = cluster.Settings with { SearchPaths = [folder] };
        var error = Assert.Throws<PythonDataSourceException>(() =>
            PythonSource.Open<ValueTuple<long>>("dask_uploaded_source", "Uploaded", null, settings).ToList());
        Assert.Equal("import", error.Operation);
        Assert.Contains("No module named 'dask_uploaded_source'", error.Message);
        Assert.Contains("PythonSourceSettings.DaskUploadFiles", error.Message);
        Assert.Contains("on Dask worker tcp://127.0.0.1:", error.Message);

        var uploaded = PythonSource.Open<ValueTuple<long>>("dask_uploaded_source", "Uploaded", null, settings with { DaskUploadFiles = [module] });
        Assert.Equal(new long[] { 0, 1, 2, 0, 1, 2, 3 }, uploaded.Select(r => r.Item1).ToList());
    }

    [DaskFact]
    public void An_unreachable_scheduler_fails_in_bounded_time_naming_the_address_and_the_partition()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var address = $"tcp://127.0.0.1:{port}";
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Number>("dask_sources", "Numbers",
            new Dictionary<string, string> { ["partitions"] = "2" }, PythonSourceSettings.Default with { DaskScheduler = address, MaxDegreeOfParallelism = 1 }).ToList());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Contains($"could not connect to the Dask scheduler at {address}: connection refused (nothing listens there). Fix: start the scheduler", error.Message);
        Assert.Equal(0, error.PartitionIndex);
        Assert.Equal("read_partition", error.Operation);
        Assert.Equal(40, PythonSource.Open<Number>("dask_sources", "Numbers", new Dictionary<string, string> { ["partitions"] = "2", ["rows"] = "20" }, cluster.Settings).Count());
    }

    [Fact]
    public void A_scheduler_that_is_not_an_address_is_rejected_with_the_accepted_forms()
    {
        var error = Assert.Throws<ArgumentException>(() => PythonSourceSettings.Default with { DaskScheduler = "localhost:8786" });
        Assert.Contains("tcp://host:port", error.Message);
        Assert.Throws<ArgumentException>(() => PythonSourceSettings.Default with { DaskScheduler = "local:0" });
        Assert.Equal("local:3", (PythonSourceSettings.Default with { DaskScheduler = " local:3 " }).DaskScheduler);
        var options = new Dictionary<string, string>
        {
            [PythonSource.ModuleOption] = "dask_sources", [PythonSource.ClassOption] = "Numbers", [PythonSource.DaskSchedulerOption] = "tcp://a:1",
        };
        var conflict = Assert.Throws<ArgumentException>(() =>
            PythonSource.Open<Number>(options, PythonSourceSettings.Default with { DaskScheduler = "tcp://b:2" }));
        Assert.Contains("set one of them", conflict.Message);
    }
}

/// <summary>The Dask test classes that share one cluster (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DaskCollection : ICollectionFixture<DaskCluster>
{
    public const string Name = "Dask cluster";
}
