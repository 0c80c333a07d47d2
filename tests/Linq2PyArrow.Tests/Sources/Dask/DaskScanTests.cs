using Linq2PyArrow.Python;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Tests.Sources.Dask;

/// <summary>
/// Partitions on a real Dask cluster (a scheduler and two worker processes on loopback) behave exactly as in-process:
/// the same batches for every type, the same rows, pushdown, limits, order, kernels, columnar API, progress and Explain.
/// </summary>
[Collection(DaskCollection.Name)]
public sealed class DaskScanTests(DaskCluster cluster)
{
    public sealed record Number(long Id, int Part, string Label, double? Score);

    private static Dictionary<string, string> Numbers(int partitions = 6, int rows = 50, int batch = 7) =>
        new() { ["partitions"] = $"{partitions}", ["rows"] = $"{rows}", ["batch"] = $"{batch}" };

    private IQueryable<Number> Open(Dictionary<string, string> options, PythonSourceSettings? settings = null) =>
        PythonSource.Open<Number>("dask_sources", "Numbers", options, settings ?? cluster.Settings);

    [DaskFact]
    public void Every_type_of_the_matrix_arrives_as_in_process()
    {
        var failures = new List<string>();
        foreach (var name in TypeMatrixCases())
            foreach (var sliced in new[] { false, true })
            {
                var options = new Dictionary<string, string> { ["type"] = name, ["slice"] = sliced ? "1" : "0" };
                var source = DataSource.Open("arrow_types", "TypeMatrix", options, []);
                var local = ScanText(source, PythonSourceSettings.Default);
                var remote = ScanText(source, cluster.Settings);
                if (!local.SequenceEqual(remote))
                    failures.Add($"{name}{(sliced ? " (sliced)" : "")}:\n  in-process: {string.Join("\n              ", local)}\n  dask:       {string.Join("\n              ", remote)}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [DaskFact]
    public void Rows_filters_projections_and_orderings_equal_in_process()
    {
        var local = Open(Numbers(), PythonSourceSettings.Default);
        var remote = Open(Numbers());
        Assert.Equal(local.ToList(), remote.ToList());
        Assert.Equal(300, remote.Count());
        Assert.Equal(local.Where(n => n.Score > 40 && n.Label != "n101").Select(n => new { n.Id, n.Label }).ToList(),
            remote.Where(n => n.Score > 40 && n.Label != "n101").Select(n => new { n.Id, n.Label }).ToList());
        Assert.Equal(local.OrderByDescending(n => n.Score).ThenBy(n => n.Id).Take(12).ToList(),
            remote.OrderByDescending(n => n.Score).ThenBy(n => n.Id).Take(12).ToList());
        Assert.Equal(local.Sum(n => n.Score), remote.Sum(n => n.Score));
        Assert.Equal(local.Max(n => n.Id), remote.Max(n => n.Id));
        Assert.Equal(local.GroupBy(n => n.Part).Select(g => g.Count()).ToList(), remote.GroupBy(n => n.Part).Select(g => g.Count()).ToList());
    }

    [DaskFact]
    public void Unordered_scans_return_the_same_rows_in_any_order()
    {
        var unordered = cluster.Settings with { Ordered = false };
        var rows = Open(Numbers(), unordered).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), rows.Select(r => r.Id).Order());
    }

    [DaskFact]
    public void A_limit_stops_each_partition_after_the_rows_needed()
    {
        Assert.Equal(Open(Numbers(), PythonSourceSettings.Default).Take(9).ToList(), Open(Numbers()).Take(9).ToList());
        Assert.Equal(0, Open(Numbers()).First().Id);
        Assert.Equal(Open(Numbers(), PythonSourceSettings.Default).Skip(45).Take(10).ToList(), Open(Numbers()).Skip(45).Take(10).ToList());
    }

    [DaskFact]
    public async Task Async_queries_and_the_columnar_api_read_dask_batches()
    {
        var remote = Open(Numbers());
        Assert.Equal(Open(Numbers(), PythonSourceSettings.Default).Where(n => n.Part == 2).ToList(),
            await remote.Where(n => n.Part == 2).ToListAsync());
        var total = remote.Where(n => n.Id < 100).AggregateBatches(0L, (sum, batch) =>
        {
            var ids = batch.Values<long>("id");
            foreach (var row in batch.Selection) sum += ids[row];
            return sum;
        }, "id");
        Assert.Equal(Enumerable.Range(0, 100).Sum(), total);
    }

    [DaskFact]
    public void Explain_names_the_scheduler_and_its_workers()
    {
        var text = Open(Numbers()).Where(n => n.Id > 3).Explain();
        Assert.Contains($"Partitions run on dask {cluster.Address} (2 workers)", text);
        Assert.DoesNotContain("Partitions run on", Open(Numbers(), PythonSourceSettings.Default).Explain());
    }

    [DaskFact]
    public void Progress_counts_the_same_partitions_batches_and_rows()
    {
        var local = new ProgressLog();
        var remote = new ProgressLog();
        _ = Open(Numbers(4, 30, 10), PythonSourceSettings.Default with { Progress = local }).ToList();
        _ = Open(Numbers(4, 30, 10), cluster.Settings with { Progress = remote }).ToList();
        Assert.Equal(Final(local), Final(remote));
        Assert.Equal(new ScanProgress(4, 4, 12, 120), Final(remote));
    }

    [DaskFact]
    public void The_options_key_dask_scheduler_runs_the_source_on_dask()
    {
        var options = new Dictionary<string, string>(Numbers(2, 10, 5))
        {
            [PythonSource.ModuleOption] = "dask_sources",
            [PythonSource.ClassOption] = "Numbers",
            [PythonSource.DaskSchedulerOption] = cluster.Address,
        };
        var query = PythonSource.Open<Number>(options);
        Assert.Equal(20, query.ToList().Count);
        Assert.Contains($"Partitions run on dask {cluster.Address}", query.Explain());
    }

    private static ScanProgress Final(ProgressLog log) => new(log.Reports.Max(r => r.PartitionsTotal),
        log.Reports.Max(r => r.PartitionsCompleted), log.Reports.Max(r => r.Batches), log.Reports.Max(r => r.Rows));

    private static List<string> TypeMatrixCases()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import ipc_cases\nnames = ipc_cases.CASES");
        using var names = PyCode.Eval("names", globals);
        return ((IReadOnlyList<object?>)PyConvert.FromPython(names)!).Cast<string>().ToList();
    }

    /// <summary>Every batch of a full scan as text (type line, then rows).</summary>
    private static List<string> ScanText(DataSource source, PythonSourceSettings settings)
    {
        var lines = new List<string>();
        using var scan = ParallelScan.Start(source, ScanRequest.All, settings, default);
        while (scan.Read(default) is { } batch)
        {
            using (batch)
            {
                lines.Add(ArrowText.Type(batch.Batch));
                lines.AddRange(ArrowText.Rows(batch.Batch));
            }
        }
        return lines;
    }
}
