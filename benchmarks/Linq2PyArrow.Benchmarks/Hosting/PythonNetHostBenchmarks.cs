using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.Runtime;
using Python.Runtime;

namespace Linq2PyArrow.Benchmarks.Hosting;

/// <summary>
/// A query in an application that embeds Python through Python.NET costs what it costs standalone (target: ratio
/// ≤ 1.05). The same query (Sum over <see cref="Rows"/> rows in 4096-row batches) runs on two dedicated threads
/// so that each GIL situation is exactly what it is in such an application, whatever ran in this process before:
/// a plain thread (Linq2PyArrow's own thread state: the baseline), a thread that holds a released Python.NET thread
/// state (as Python.NET's init thread after BeginAllowThreads: Linq2PyArrow reuses it through PyGILState_Ensure),
/// and that thread inside <c>using (Py.GIL())</c> (Linq2PyArrow nests inside the host's hold and lets go of it while
/// the query waits for its workers). All three pay the same hand-over to their thread.
/// </summary>
[MemoryDiagnoser]
public class PythonNetHostBenchmarks
{
    private static int Rows => BenchData.Smoke ? 16 * 1024 : 256 * 1024;
    private const int BatchRows = 4096;

    private IQueryable<Row> _query = null!;
    private long _expected;
    private DedicatedThread _plain = null!, _pythonNet = null!;
    // Static: a GILState token whose finalizer ran would throw (it must be released on its thread), and BenchmarkDotNet
    // may drop a benchmark instance and create another.
    private static readonly System.Collections.Concurrent.ConcurrentBag<IDisposable> s_heldForever = [];

    [GlobalSetup]
    public void Setup()
    {
        StartPythonNet();
        _query = PythonSource.Open<Row>(BenchData.Module, "Repeated", BenchData.Options(Rows, BatchRows));
        _expected = (long)Rows * (Rows - 1) / 2;
        _plain = new DedicatedThread("plain thread", static () => { });
        // Py.GIL() (PyGILState_Ensure) on a fresh thread binds a new thread state to it, kept because the matching
        // release never comes (the token stays referenced, so its finalizer never runs); BeginAllowThreads releases
        // the GIL: what Python.NET's PythonEngine.Initialize + BeginAllowThreads leave on its init thread.
        _pythonNet = new DedicatedThread("Python.NET thread", static () =>
        {
            s_heldForever.Add(Py.GIL());
            PythonEngine.BeginAllowThreads();
        });
        Kernels.Check(Standalone() == _expected && PythonNetThread() == _expected && InsidePyGil() == _expected, "sum");
        Kernels.Check(_plain.Run(HoldMode) == "Own" && _pythonNet.Run(HoldMode) == "GilState", "GIL hold modes");
        Kernels.Check(_pythonNet.Run(() => { using (Py.GIL()) return HoldMode(); }) == "Nested", "GIL hold mode inside Py.GIL()");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _pythonNet.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long Standalone() => _plain.Run(Query);

    [Benchmark]
    public long PythonNetThread() => _pythonNet.Run(Query);

    [Benchmark]
    public long InsidePyGil() => _pythonNet.Run(() =>
    {
        using (Py.GIL()) return Query();
    });

    private long Query() => _query.Sum(r => r.Id);

    private static string HoldMode()
    {
        using var gil = Gil.Acquire();
        return Gil.CurrentHoldMode?.ToString() ?? "none";
    }

    /// <summary>
    /// Python.NET on the same libpython as Linq2PyArrow. In a process of its own (BenchmarkDotNet's default) it starts
    /// first and Linq2PyArrow adopts its interpreter; in process (the smoke run, scripts/benchmarks.sh) Linq2PyArrow
    /// may have started first. Either way the per-query situation above is the same.
    /// </summary>
    private static void StartPythonNet()
    {
        if (PythonEngine.IsInitialized) return;
        Runtime.PythonDLL = PythonRuntime.IsInitialized ? PythonRuntime.Installation.LibraryPath : PythonLocator.Locate(null).LibraryPath;
        PythonEngine.Initialize();
        PythonEngine.BeginAllowThreads();
    }

    /// <summary>A thread that runs one function at a time for the benchmark thread and hands back the result.</summary>
    private sealed class DedicatedThread : IDisposable
    {
        private readonly Thread _thread;
        private readonly SemaphoreSlim _work = new(0), _done = new(0);
        private Func<object>? _next;
        private object? _result;
        private Exception? _failure;

        public DedicatedThread(string name, Action initialize)
        {
            _thread = new Thread(() =>
            {
                initialize();
                while (true)
                {
                    _work.Wait();
                    var next = _next;
                    if (next is null) return;
                    try
                    {
                        _result = next();
                    }
                    catch (Exception ex)
                    {
                        _failure = ex;
                    }
                    _done.Release();
                }
            }) { IsBackground = true, Name = name };
            _thread.Start();
        }

        public T Run<T>(Func<T> function)
        {
            _next = () => function()!;
            _work.Release();
            _done.Wait();
            if (_failure is { } failure) throw new InvalidOperationException($"{_thread.Name} failed", failure);
            return (T)_result!;
        }

        public void Dispose()
        {
            _next = null;
            _work.Release();
            _thread.Join();
        }
    }
}
