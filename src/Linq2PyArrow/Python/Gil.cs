using System.Diagnostics;
using Linq2PyArrow.Python.CPython;
using Linq2PyArrow.Python.Runtime;

namespace Linq2PyArrow.Python;

/// <summary>
/// The GIL, taken through one persistent Python thread state per .NET thread (PyThreadState_New once, then
/// PyEval_RestoreThread/SaveThread): tens of nanoseconds per acquire instead of the ~1.4 µs that
/// PyGILState_Ensure pays when it creates and destroys a thread state each time on pool threads.
/// Re-entrant per thread. The thread state also becomes the thread's GILState state, so C extensions that
/// call PyGILState_Ensure on this thread (pybind11, pyarrow, ctypes callbacks) reuse it.
/// </summary>
internal static class Gil
{
    [ThreadStatic] private static ThreadState? t_state;

    /// <summary>Takes the GIL for the current thread; dispose the token (with <c>using</c>) to release it.</summary>
    public static GilLock Acquire()
    {
        var state = t_state;
        if (state is null || state.Depth == 0) state = AcquireOutermost(state);
        else state.Depth++;
        return new GilLock(state);
    }

    /// <summary>True when this thread holds the GIL through <see cref="Acquire"/>.</summary>
    public static bool IsHeld => t_state is { Depth: > 0 };

    /// <summary>The Python thread id (threading.get_ident) of this thread's state, or 0 if it never took the GIL.</summary>
    public static nuint CurrentPythonThreadId => t_state?.PythonThreadId ?? 0;

    private static unsafe ThreadState AcquireOutermost(ThreadState? state)
    {
        PythonRuntime.EnsureInitialized();
        if (state is null)
        {
            state = new ThreadState(CApi.PyThreadState_New(PythonRuntime.Interpreter));
            t_state = state;
            ThreadStates.Register(state);
        }
        CApi.PyEval_RestoreThread(state.Handle);
        state.Depth = 1;
        if (state.PythonThreadId == 0) state.PythonThreadId = CApi.PyThread_get_thread_ident();
        return state;
    }

    internal static unsafe void Release(ThreadState state)
    {
        if (!ReferenceEquals(state, t_state) || state.Depth <= 0)
            throw new InvalidOperationException(
                "The GIL token was released on a thread that does not hold it, or more times than it was acquired. " +
                "GIL tokens must be disposed once, on the thread that acquired them.");
        if (state.Depth > 1)
        {
            state.Depth--;
            return;
        }
        // Outermost release: first drop the references the finalizer thread queued and retire dead threads'
        // states, while this thread holds the GIL anyway.
        DeferredDecRefs.Drain(DeferredDecRefs.DrainBudgetPerRelease);
        ThreadStates.DeleteRetired();
        state.Depth = 0;
        var saved = CApi.PyEval_SaveThread();
        Debug.Assert(saved == state.Handle);
    }

    /// <summary>Per-thread Python thread state. When its thread dies the holder is collected and the state retired.</summary>
    internal sealed class ThreadState(nint handle)
    {
        public readonly nint Handle = handle;
        public int Depth;
        public nuint PythonThreadId;

        ~ThreadState() => ThreadStates.Retire(Handle);
    }
}

/// <summary>
/// Proof that the current thread holds the GIL. A ref struct so the compiler refuses to keep it across
/// <c>await</c> (a continuation on another thread would release a GIL it does not hold).
/// </summary>
internal ref struct GilLock : IDisposable
{
    private Gil.ThreadState? _state;

    internal GilLock(Gil.ThreadState state) => _state = state;

    /// <summary>Releases this acquisition; a second Dispose of the same token does nothing.</summary>
    public void Dispose()
    {
        var state = _state;
        _state = null;
        if (state is not null) Gil.Release(state);
    }
}
