using System.Diagnostics;
using Linq2PyArrow.Tests.Python;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Sources.Dask;

/// <summary>
/// "local:N" starts a local cluster of N worker processes owned by the process, with its sys.path, and stops them when
/// the process exits. Run in a child process (tests/Linq2PyArrow.ExitProbe), which is the only way to see the exit, and
/// keeps the cluster's scheduler (it runs inside the owning process) out of this one.
/// </summary>
public sealed class DaskLocalClusterTests(ITestOutputHelper output)
{
    [DaskFact]
    public void A_local_cluster_reads_every_partition_and_its_workers_stop_when_the_process_exits()
    {
        var sources = Path.Combine(AppContext.BaseDirectory, "python");
        var result = ExitProbe.Run(output, ["dask-local", "2", sources]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("rows=200", result.Lines);
        Assert.Contains(result.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(
            l, @"^Partitions run on dask local:2: tcp://127\.0\.0\.1:\d+ \(2 workers\)$"));
        var pids = result.Lines.Single(l => l.StartsWith("workers=", StringComparison.Ordinal))["workers=".Length..]
            .Split(',').Select(int.Parse).ToList();
        Assert.Equal(2, pids.Count);
        var clock = Stopwatch.StartNew();
        while (pids.Any(Alive) && clock.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(100);
        Assert.False(pids.Any(Alive), $"worker processes still running after the owner exited: {string.Join(", ", pids.Where(Alive))}");
    }

    /// <summary>Running (a zombie waiting for its parent to reap it has stopped).</summary>
    private static bool Alive(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return false;
        try
        {
            return !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
