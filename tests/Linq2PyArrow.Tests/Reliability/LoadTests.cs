using System.Diagnostics;
using Linq2PyArrow.Python;
using Linq2PyArrow.Sources;
using Linq2PyArrow.Tests.Arrow;

namespace Linq2PyArrow.Tests.Reliability;

/// <summary>32 concurrent queries from as many .NET threads, thousands of iterations: right results, no deadlock, flat memory, bounded threads.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class LoadTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public double Value { get; set; }
    }

    private sealed record Spec(int Seed, int Partitions, int Rows, int Batch)
    {
        public long Count => (long)Partitions * Rows;
        public long IdSum => Count * (Count - 1) / 2;
        public double ValueSum => Seed * 0.5 * IdSum;

        public IQueryable<Row> Open() => PythonSource.Open<Row>("rel_sources", "Sums",
            Rel.Options(("seed", $"{Seed}"), ("partitions", $"{Partitions}"), ("rows", $"{Rows}"), ("batch", $"{Batch}")));
    }

    private sealed record Sample(long Managed, long Traced, long Rss, int LiveStates, int Workers);

    private static Sample Measure()
    {
        var traced = TestPython.Long("import gc, tracemalloc\ngc.collect()\nresult = tracemalloc.get_traced_memory()[0]");
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        return new Sample(managed, traced, Process.GetCurrentProcess().WorkingSet64, ThreadStates.Live, PythonWorkers.ThreadCount);
    }

    [Fact]
    public void Thirty_two_concurrent_queries_for_thousands_of_iterations_stay_correct_flat_and_bounded()
    {
        const int threads = 32, rounds = 5, perRound = 16; // 32 × 5 × 16 = 2560 queries
        Spec[] shared = [new(1, 3, 40, 20), new(2, 4, 25, 7), new(3, 2, 60, 30), new(5, 1, 64, 64)];
        var sharedQueries = shared.Select(s => s.Open()).ToArray();
        TestPython.Run("import tracemalloc\ntracemalloc.start()");
        try
        {
            var samples = new List<Sample> { Measure() };
            var maxStates = 0;
            var maxWorkers = 0;
            var maxPoolThreads = 0;
            var queriesRun = 0;
            var clock = Stopwatch.StartNew();
            for (var round = 0; round < rounds; round++)
            {
                var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
                var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
                {
                    try
                    {
                        for (var i = 0; i < perRound; i++)
                        {
                            var n = round * perRound + i;
                            // Same sources (the shared queries) and different ones (opened here, with this thread's seed).
                            var spec = n % 5 == 4 ? new Spec(10 + t, 1 + t % 4, 10 + t, 8) : shared[(t + n) % shared.Length];
                            var query = n % 5 == 4 ? spec.Open() : sharedQueries[(t + n) % shared.Length];
                            switch ((t + n) % 4)
                            {
                                case 0:
                                    var rows = query.ToList();
                                    Check(spec.Count, rows.Count, t, n);
                                    Check(spec.IdSum, rows.Sum(r => r.Id), t, n);
                                    Check(spec.ValueSum, rows.Sum(r => r.Value), t, n);
                                    break;
                                case 1:
                                    Check(spec.IdSum, query.Sum(r => r.Id), t, n);
                                    Check((int)((spec.Count + 1) / 2), query.Count(r => r.Id % 2 == 0), t, n);
                                    break;
                                case 2:
                                    long count = 0, sum = 0;
                                    query.ForEachBatch(b =>
                                    {
                                        count += b.RowCount;
                                        foreach (var id in b.Values<long>("id")) sum += id;
                                    }, "id");
                                    Check(spec.Count, count, t, n);
                                    Check(spec.IdSum, sum, t, n);
                                    break;
                                default:
                                    var list = query.Where(r => r.Value >= 0).ToListAsync().GetAwaiter().GetResult();
                                    Check(spec.Count, list.Count, t, n);
                                    Check(spec.ValueSum, list.Sum(r => r.Value), t, n);
                                    break;
                            }
                            Interlocked.Increment(ref queriesRun);
                        }
                    }
                    catch (Exception ex)
                    {
                        errors.Enqueue($"thread {t}: {ex}");
                    }
                }) { IsBackground = true }).ToList();
                workers.ForEach(w => w.Start());
                var deadline = Stopwatch.StartNew();
                while (workers.Any(w => w.IsAlive))
                {
                    Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"round {round}: threads still running after 60 s (deadlock?)");
                    maxStates = Math.Max(maxStates, ThreadStates.Live);
                    maxWorkers = Math.Max(maxWorkers, PythonWorkers.ThreadCount);
                    maxPoolThreads = Math.Max(maxPoolThreads, ThreadPool.ThreadCount);
                    Thread.Sleep(10);
                }
                Assert.True(errors.IsEmpty, string.Join(Environment.NewLine, errors.Take(3)));
                samples.Add(Measure());
            }
            var elapsed = clock.Elapsed;
            var (warm, end) = (samples[1], samples[^1]);
            Console.WriteLine($"load: {queriesRun} queries by {threads} threads in {elapsed.TotalSeconds:F1} s; " +
                              $"managed heap {string.Join(", ", samples.Select(s => s.Managed / 1024))} KB; " +
                              $"tracemalloc {string.Join(", ", samples.Select(s => s.Traced / 1024))} KB; " +
                              $"RSS {string.Join(", ", samples.Select(s => s.Rss / 1048576))} MB; " +
                              $"thread states max {maxStates} (after rounds: {string.Join(", ", samples.Select(s => s.LiveStates))}); " +
                              $"worker threads max {maxWorkers} (after rounds: {string.Join(", ", samples.Select(s => s.Workers))}); " +
                              $"thread-pool threads max {maxPoolThreads}");
            Assert.Equal(threads * rounds * perRound, queriesRun);
            // Flat: the end may not exceed the end of the warm-up round by more than a tolerance (caches, allocator slack).
            Assert.True(end.Managed - warm.Managed < 8L << 20, $"managed heap grew {(end.Managed - warm.Managed) / 1024} KB");
            Assert.True(end.Traced - warm.Traced < 1L << 20, $"Python heap (tracemalloc) grew {(end.Traced - warm.Traced) / 1024} KB");
            Assert.True(end.Rss - warm.Rss < 64L << 20, $"RSS grew {(end.Rss - warm.Rss) / 1048576} MB");
            // Bounded: one thread state per thread that touched Python — at most one worker per running partition
            // (32 queries × ≤ 4 partitions), this round's test threads, the previous round's (their states are deleted
            // once the dead threads' holders are collected and the owner thread gets to it), and thread-pool threads
            // (async continuations release batches and objects; the pool injects threads while the test's threads
            // block) — and no growth across rounds.
            // A worker still returning from a finished partition is not idle yet, so a partition submitted at that
            // moment starts a thread: on a loaded machine the peak can exceed the partitions in flight by the
            // workers in that transition (one per query at most); the surplus idles and retires.
            Assert.InRange(maxWorkers, 1, threads * 4 + threads);
            Assert.InRange(maxStates, 1, threads * 4 + 3 * threads + maxPoolThreads + samples[0].LiveStates);
            // Dead threads' states are deleted once their holders are collected and the owner thread gets to it:
            // give a loaded machine a few seconds before calling it growth.
            var settle = Stopwatch.StartNew();
            while (ThreadStates.Live > warm.LiveStates + threads && settle.Elapsed < TimeSpan.FromSeconds(15))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                TestPython.Run("pass");
                Thread.Sleep(100);
            }
            Assert.InRange(ThreadStates.Live, 0, warm.LiveStates + threads);
        }
        finally
        {
            TestPython.Run("import tracemalloc\ntracemalloc.stop()");
        }
    }

    private static void Check<TValue>(TValue expected, TValue actual, int thread, int iteration)
    {
        if (!EqualityComparer<TValue>.Default.Equals(expected, actual))
            throw new InvalidOperationException($"thread {thread} iteration {iteration}: expected {expected}, got {actual}");
    }
}
