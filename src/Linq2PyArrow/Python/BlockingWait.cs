using Linq2PyArrow.Python.CPython;
using Linq2PyArrow.Python.Runtime;

namespace Linq2PyArrow.Python;

/// <summary>
/// Lets go of a GIL that the calling thread holds through someone else's hold (inside Python.NET's
/// <c>using (Py.GIL())</c>, on its init thread before BeginAllowThreads, in a Python → .NET callback) while it
/// blocks on work of other threads: a query's consumer waiting for its partition workers, which need the GIL,
/// would otherwise wait forever. As Py_BEGIN_ALLOW_THREADS does in C: PyEval_SaveThread before the wait,
/// PyEval_RestoreThread of the same state after it, so the host finds its GIL held again when the call returns.
/// Costs one check when the thread holds no GIL.
/// </summary>
internal ref struct BlockingWait : IDisposable
{
    private nint _saved;

    /// <summary>Call right before blocking; dispose right after. Never while holding the GIL through <see cref="Gil.Acquire"/>.</summary>
    public static unsafe BlockingWait Begin()
    {
        // Our own acquisitions are never held across a wait (the library's invariant); one that is, nested inside a
        // host's hold, must not have the GIL pulled from under it either.
        if (!PythonRuntime.IsInitialized || Gil.IsHeld || !Gil.HeldByThisThread()) return default;
        return new BlockingWait { _saved = CApi.PyEval_SaveThread() };
    }

    public unsafe void Dispose()
    {
        if (_saved == 0) return;
        CApi.PyEval_RestoreThread(_saved);
        _saved = 0;
    }
}
