using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Benchmarks.Binding;

/// <summary>
/// The binding's fixed costs: taking and releasing the GIL, and a call into Python. Targets: a GIL pair on a
/// thread-pool thread with its persistent thread state under 200 ns; a no-argument call of a cached callable,
/// GIL held, under 100 ns (interop.md §3.4 measured ~50–70 ns and ~20 ns for the raw C-API operations).
/// Each benchmark runs a batch per invocation (OperationsPerInvoke) so that getting onto the pool thread, or
/// taking the GIL for the calls, is amortized away.
/// </summary>
[MemoryDiagnoser]
public class GilBenchmarks
{
    private const int Batch = 10_000;
    private PyObject _noop = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("def noop():\n    pass\n");
        _noop = PyCode.Eval("noop", globals);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using var gil = Gil.Acquire();
        _noop.Dispose();
    }

    /// <summary>Gil.Acquire + Dispose on a thread-pool thread (its PyThreadState created once, then reused).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void AcquireRelease_PoolThread() => Task.Run(static () =>
    {
        for (var i = 0; i < Batch; i++)
        {
            using var gil = Gil.Acquire();
        }
    }).Wait();

    /// <summary>A nested (re-entrant) acquire/release while the GIL is already held: bookkeeping only.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void AcquireRelease_Nested()
    {
        using var outer = Gil.Acquire();
        for (var i = 0; i < Batch; i++)
        {
            using var gil = Gil.Acquire();
        }
    }

    /// <summary>noop() through PyObject.Call (PyObject_CallNoArgs + a SafeHandle for the result, disposed), GIL held.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void CallNoArgs_GilHeld()
    {
        using var gil = Gil.Acquire();
        var noop = _noop;
        for (var i = 0; i < Batch; i++)
        {
            using var result = noop.Call();
        }
    }

    /// <summary>noop() through PyObject.CallRef: the result as a stack-only PyRef, no allocation.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void CallRefNoArgs_GilHeld()
    {
        using var gil = Gil.Acquire();
        var noop = _noop;
        for (var i = 0; i < Batch; i++)
        {
            using var result = noop.CallRef();
        }
    }

    /// <summary>Baseline for the lines above: PyObject_CallNoArgs + Py_DecRef, no handle object.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public unsafe void CallNoArgs_GilHeld_RawCApi()
    {
        using var gil = Gil.Acquire();
        var noop = _noop.Handle;
        for (var i = 0; i < Batch; i++)
            CApi.Py_DecRef(CApi.PyObject_CallNoArgs(noop));
    }

    /// <summary>The whole round trip a single call pays when it takes the GIL itself.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void AcquireCallRelease()
    {
        var noop = _noop;
        for (var i = 0; i < Batch; i++)
        {
            using var gil = Gil.Acquire();
            using var result = noop.Call();
        }
    }
}
