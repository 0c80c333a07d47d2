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
        else state.Push();
        return new GilLock(state, state.Depth, state.Tickets[state.Depth - 1]);
    }

    /// <summary>True when this thread holds the GIL through <see cref="Acquire"/>.</summary>
    public static bool IsHeld => t_state is { Depth: > 0 };

    /// <summary>The Python thread id (threading.get_ident) of this thread's state, or 0 if it never took the GIL.</summary>
    public static nuint CurrentPythonThreadId => t_state?.PythonThreadId ?? 0;

    /// <summary>This thread's PyThreadState*, or 0 if it never took the GIL (diagnostics and tests).</summary>
    public static nint CurrentThreadState => t_state?.Handle ?? 0;

    /// <summary>
    /// Makes the thread that ran Py_InitializeEx (and so holds the GIL through the initial thread state) a
    /// regular GIL user: the returned token releases it, later <see cref="Acquire"/> calls reuse that state.
    /// The state is permanent: the owner thread lives as long as the process and is never retired.
    /// </summary>
    internal static unsafe GilLock AdoptInitialThreadState(nint threadState)
    {
        Debug.Assert(t_state is null);
        var state = new ThreadState(threadState, permanent: true);
        t_state = state;
        ThreadStates.Register(state);
        state.PythonThreadId = CApi.PyThread_get_thread_ident();
        state.Push();
        return new GilLock(state, 1, state.Tickets[0]);
    }

    private static unsafe ThreadState AcquireOutermost(ThreadState? state)
    {
        PythonRuntime.EnsureInitialized();
        if (state is null)
        {
            state = new ThreadState(CApi.PyThreadState_New(PythonRuntime.Interpreter), permanent: false);
            t_state = state;
            ThreadStates.Register(state);
        }
        CApi.PyEval_RestoreThread(state.Handle);
        state.Push();
        if (state.PythonThreadId == 0) state.PythonThreadId = CApi.PyThread_get_thread_ident();
        return state;
    }

    internal static unsafe void Release(ThreadState state, int depth, long ticket)
    {
        // Checked before anything else: a token that reached another thread must fail loudly in .NET, never
        // call PyEval_SaveThread there (CPython would abort the process with a fatal error).
        if (!ReferenceEquals(state, t_state))
            throw new InvalidOperationException(
                "A GIL token was released on a thread that did not acquire it. GIL tokens must be disposed on the " +
                "thread that acquired them; they cannot cross 'await' or be handed to other threads.");
        // Already released (a second Dispose, possibly through a copy of the token): nothing to do.
        if (depth > state.Depth || state.Tickets[depth - 1] != ticket) return;
        if (depth < state.Depth)
            throw new InvalidOperationException(
                $"A GIL token was released while {state.Depth - depth} later acquisition(s) on this thread are still open. " +
                "Release GIL tokens in reverse order of acquisition (nested 'using' blocks do this).");
        if (depth > 1)
        {
            state.Pop();
            return;
        }
        // Outermost release: first drop the references the finalizer thread queued, while this thread holds
        // the GIL anyway (the owner thread also drains when nobody uses Python).
        DeferredDecRefs.Drain(DeferredDecRefs.DrainBudgetPerRelease);
        state.Pop();
        var saved = CApi.PyEval_SaveThread();
        Debug.Assert(saved == state.Handle);
    }

    /// <summary>Per-thread Python thread state. When its thread dies the holder is collected and the state retired.</summary>
    internal sealed class ThreadState(nint handle, bool permanent)
    {
        public readonly nint Handle = handle;
        public nuint PythonThreadId;

        /// <summary>Open acquisitions on this thread.</summary>
        public int Depth;

        /// <summary>
        /// Tickets[i] identifies the acquisition at depth i + 1, so that a token disposed twice (e.g. an explicit
        /// Dispose inside a <c>using</c>, which disposes a copy) cannot release a later acquisition at the same depth.
        /// </summary>
        public long[] Tickets = new long[4];

        private long _nextTicket;

        public void Push()
        {
            if (Depth == Tickets.Length) Array.Resize(ref Tickets, Depth * 2);
            Tickets[Depth++] = ++_nextTicket;
        }

        public void Pop() => Tickets[--Depth] = 0;

        ~ThreadState()
        {
            if (!permanent) ThreadStates.Retire(Handle);
        }
    }
}

/// <summary>
/// Proof that the current thread holds the GIL. A ref struct so the compiler refuses to keep it across
/// <c>await</c> (a continuation on another thread would release a GIL it does not hold). Disposing it more than
/// once is harmless; disposing it on another thread, or before a later acquisition on the same thread, throws
/// <see cref="InvalidOperationException"/>.
/// </summary>
internal ref struct GilLock : IDisposable
{
    private Gil.ThreadState? _state;
    private readonly int _depth;
    private readonly long _ticket;

    internal GilLock(Gil.ThreadState state, int depth, long ticket)
    {
        _state = state;
        _depth = depth;
        _ticket = ticket;
    }

    /// <summary>Releases this acquisition.</summary>
    public void Dispose()
    {
        var state = _state;
        if (state is null) return;
        Gil.Release(state, _depth, _ticket);
        // Only after a successful release: a misuse that threw must leave the token able to release properly.
        _state = null;
    }
}
