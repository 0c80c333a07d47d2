using System.Diagnostics;
using System.Runtime.CompilerServices;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Arrow;

/// <summary>Producer memory is released exactly once, from whatever thread, and memory stays flat.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ReleaseTests
{
    public sealed class Row
    {
        public long Id { get; set; }
    }

    [Fact]
    public void Every_export_is_released_exactly_once_over_100k_batches_and_memory_stays_flat()
    {
        const int batches = 100_000;
        var query = PythonSource.Open<Row>("arrow_memory", "Repeat", new Dictionary<string, string> { ["count"] = $"{batches}" });
        var before = TestPython.ProducerStats();
        var managed = new List<long>();
        var resident = new List<long>();
        var live = new List<long>();
        var rows = 0L;
        var sum = 0L;
        foreach (var row in query)
        {
            sum += row.Id;
            if (++rows % 10_000 != 0) continue;
            managed.Add(GC.GetTotalMemory(forceFullCollection: true));
            resident.Add(Process.GetCurrentProcess().WorkingSet64);
            live.Add(TestPython.ProducerStats()["live"] - before["live"]);
        }
        var after = TestPython.ProducerStats();
        Console.WriteLine($"100k batches: managed heap {string.Join(", ", managed.Select(m => m / 1024))} KB; " +
                          $"RSS {string.Join(", ", resident.Select(r => r / 1048576))} MB; live exports {string.Join(", ", live)}");

        Assert.Equal(batches, rows);
        Assert.Equal(7L * batches, sum);
        var exported = after["exported"] - before["exported"];
        Assert.True(exported >= 4L * batches, $"exported {exported}"); // schema + array structs (each with a child) per batch
        Assert.Equal(exported, after["released"] - before["released"]);
        Assert.Equal(before["unknown_releases"], after["unknown_releases"]);
        Assert.Equal(before["live"], after["live"]);
        // In flight at any time: at most the read-ahead of batches (4 structs each), never an accumulation. One-row batches
        // charge the budget's minimum each; add the partition's own read-ahead, the finished batches awaiting release
        // (DeferredReleases' limit) and the two in hand (the worker's and the consumer's).
        var settings = PythonSourceSettings.Default;
        var window = settings.ReadAheadBytes / Linq2PyArrow.Sources.ReadAheadBudget.Charge(0) + settings.ReadAheadBatches +
                     settings.MaxDegreeOfParallelism * settings.ReadAheadBatches + 1 + 2;
        Assert.All(live, l => Assert.InRange(l, 0, 4 * window));
        // Flat: from the second sample on (warm-up done) neither heap nor RSS keeps growing.
        Assert.InRange(managed[^1] - managed[1], long.MinValue, 4L << 20);
        Assert.InRange(resident[^1] - resident[1], long.MinValue, 48L << 20);
    }

    [Fact]
    public void A_batch_dropped_without_dispose_is_released_once_on_the_finalizer_thread_while_another_thread_holds_the_GIL()
    {
        var before = TestPython.ProducerStats();
        ImportAndDrop();
        Assert.Equal(false, TestPython.Run("import arrow_memory\nresult = arrow_memory.dropped_ref() is None"));

        using var holding = new ManualResetEventSlim();
        using var letGo = new ManualResetEventSlim();
        using var finalized = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            using var gil = Gil.Acquire();
            holding.Set();
            letGo.Wait(TimeSpan.FromSeconds(30));
        });
        holder.Start();
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        var collector = new Thread(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            finalized.Set();
        });
        collector.Start();
        // The finalizer runs the producer's release, which needs the GIL: it waits, it does not deadlock or skip.
        Assert.False(finalized.Wait(TimeSpan.FromMilliseconds(500)), "the release ran although another thread held the GIL");
        letGo.Set();
        Assert.True(finalized.Wait(TimeSpan.FromSeconds(20)), "the finalizer thread did not finish after the GIL was released");
        holder.Join();
        collector.Join();

        Assert.Equal(true, TestPython.Run("import arrow_memory\nresult = arrow_memory.dropped_ref() is None"));
        var after = TestPython.ProducerStats();
        Assert.Equal(after["exported"] - before["exported"], after["released"] - before["released"]);
        Assert.Equal(before["unknown_releases"], after["unknown_releases"]);
        Assert.Equal(before["live"], after["live"]);
    }

    /// <summary>Imports a batch whose only Python owner is the export, then drops it without Dispose.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void ImportAndDrop()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import arrow_memory\nbatch = arrow_memory.droppable_batch()");
        using var batch = PyCode.Eval("batch", globals);
        var exported = CapsuleProtocol.ExportBatch(batch);
        var imported = ArrowImporter.ImportBatch(exported.Schema, exported.Array);
        Assert.Equal(10, imported.Length);
        using (PyCode.Exec("del batch", globals)) { }
    }
}
