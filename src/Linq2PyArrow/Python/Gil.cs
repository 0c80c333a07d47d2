using System.Diagnostics;
using System.Runtime.CompilerServices;
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
/// <remarks>
/// Other embedders in the process (Python.NET's <c>Py.GIL()</c>, its init thread, a C library's callback thread)
/// have thread states of their own, and every outermost acquire respects them:
/// <list type="bullet">
/// <item>the thread already holds the GIL (through any state): the acquisition only nests
/// (<see cref="HoldMode.Nested"/>); restoring a second state there would deadlock (3.11, 3.12) or abort (3.13);</item>
/// <item>the thread has another embedder's state bound to its GILState slot and no state of ours: that state is
/// reused through PyGILState_Ensure/Release (<see cref="HoldMode.GilState"/>); a state of our own there would not be
/// the GILState one, and a C callback's PyGILState_Ensure on this thread would then deadlock;</item>
/// <item>otherwise our own persistent state (<see cref="HoldMode.Own"/>), the fast path of our workers.</item>
/// </list>
/// </remarks>
internal static class Gil
{
    [ThreadStatic] private static ThreadState? t_state;

    /// <summary>Takes the GIL for the current thread; dispose the token (with <c>using</c>) to release it.</summary>
    public static GilLock Acquire()
    {
        var state = t_state;
        if (state is null || state.Depth == 0)
        {
            PythonRuntime.EnsureInitialized();
            state = AcquireOutermost(state);
        }
        else
        {
            state.Push();
        }
        return new GilLock(state, state.Depth, state.Tickets[state.Depth - 1]);
    }

    /// <summary><see cref="Acquire"/> for the start-up of an adopted interpreter, which is not marked initialized yet.</summary>
    internal static GilLock AcquireDuringStartup()
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

    /// <summary>This thread's own PyThreadState*, or 0 if it has none (never took the GIL, or uses another embedder's).</summary>
    public static nint CurrentThreadState => t_state?.Handle ?? 0;

    /// <summary>How this thread's current outermost acquisition holds the GIL (diagnostics and tests).</summary>
    public static HoldMode? CurrentHoldMode => t_state is { Depth: > 0 } state ? state.Mode : null;

    /// <summary>
    /// True when this thread holds the GIL through any thread state (ours, or another embedder's), whether or not
    /// through <see cref="Acquire"/>. The runtime must be bound.
    /// </summary>
    public static unsafe bool HeldByThisThread()
    {
        var own = t_state?.Handle ?? 0;
        return HeldByThisThread(own);
    }

    private static unsafe bool HeldByThisThread(nint own)
    {
        var attached = CApi.PyThreadState_GetUnchecked();
        if (attached == 0) return false;
        // 3.12+: the attached state is a thread-local, so non-null means this very thread holds the GIL.
        if (CApi.ThreadStateIsThreadLocal) return true;
        // 3.9–3.11: it is the process-wide holder; it is this thread when it is this thread's state (our own, or
        // the one bound to its GILState slot, which is what PyGILState_Ensure and Python.NET attach).
        return attached == own || attached == CApi.PyGILState_GetThisThreadState();
    }

    private static unsafe ThreadState AcquireOutermost(ThreadState? state)
    {
        if (state is not null && state.Handle != 0)
        {
            // The fast path of a thread with its own state (our workers, and any thread that first took the GIL here):
            // one native read, no transition. That state is this thread's GILState state, so whoever else took the GIL
            // on this thread (Py.GIL(), a C callback's PyGILState_Ensure) attached it: on 3.9–3.11, where the attached
            // state is the process-wide holder, comparing it with ours is enough.
            // The library's own threads skip even that: nothing but our code takes the GIL on them.
            if (state.LibraryThread)
            {
                CApi.PyEval_RestoreThread(state.Handle);
                state.Mode = HoldMode.Own;
                state.Push();
                return state;
            }
            var attached = CApi.PyThreadState_GetUnchecked();
            if (attached == 0 || (!CApi.ThreadStateIsThreadLocal && attached != state.Handle))
            {
                CApi.PyEval_RestoreThread(state.Handle);
                state.Mode = HoldMode.Own;
            }
            else
            {
                state.Mode = HoldMode.Nested;
            }
        }
        else
        {
            state = AcquireWithoutOwnStateYet(state);
        }
        state.Push();
        if (state.PythonThreadId == 0) state.PythonThreadId = CApi.PyThread_get_thread_ident();
        return state;
    }

    /// <summary>The first acquire on a thread, and every one on a thread that uses another embedder's state.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe ThreadState AcquireWithoutOwnStateYet(ThreadState? state)
    {
        if (state is null)
        {
            state = new ThreadState();
            t_state = state;
        }
        if (HeldByThisThread(0)) state.Mode = HoldMode.Nested;
        else AcquireWithoutOwnState(state);
        return state;
    }

    /// <summary>
    /// Declares the calling thread one of the library's own (partition workers, the owner and housekeeping threads):
    /// no other embedder runs code on it, so no one else can hold the GIL there between our acquisitions, and its
    /// acquisitions skip the check for that (the per-batch path of a scan stays as cheap as before).
    /// </summary>
    internal static void DeclareLibraryThread()
    {
        var state = t_state ??= new ThreadState();
        state.LibraryThread = true;
    }

    /// <summary>A thread without a state of ours: reuse another embedder's bound state, or create ours (bound from then on).</summary>
    private static unsafe void AcquireWithoutOwnState(ThreadState state)
    {
        if (CApi.PyGILState_GetThisThreadState() != 0)
        {
            state.GilStateToken = CApi.PyGILState_Ensure();
            state.Mode = HoldMode.GilState;
            return;
        }
        // The slot is empty, so PyThreadState_New binds the new state to it: C code calling PyGILState_Ensure on this
        // thread (and Python.NET's Py.GIL()) reuses ours from now on, and this thread stays on the fast path.
        state.Handle = CApi.PyThreadState_New(PythonRuntime.Interpreter);
        ThreadStates.Register(state);
        CApi.PyEval_RestoreThread(state.Handle);
        state.Mode = HoldMode.Own;
    }

    /// <summary>
    /// Makes the thread that ran Py_InitializeEx (and so holds the GIL through the initial thread state) a
    /// regular GIL user: the returned token releases it, later <see cref="Acquire"/> calls reuse that state.
    /// The state is permanent: the owner thread lives as long as the process and is never retired.
    /// </summary>
    internal static unsafe GilLock AdoptInitialThreadState(nint threadState)
    {
        Debug.Assert(t_state is null);
        var state = new ThreadState(permanent: true) { Handle = threadState, Mode = HoldMode.Own, LibraryThread = true };
        t_state = state;
        ThreadStates.Register(state);
        state.PythonThreadId = CApi.PyThread_get_thread_ident();
        state.Push();
        return new GilLock(state, 1, state.Tickets[0]);
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
        if (state.Mode == HoldMode.Own)
        {
            var saved = CApi.PyEval_SaveThread();
            Debug.Assert(saved == state.Handle);
        }
        else if (state.Mode == HoldMode.GilState)
        {
            CApi.PyGILState_Release(state.GilStateToken);
        }
        // HoldMode.Nested: the GIL stays with whoever held it before.
    }

    /// <summary>Per-thread Python thread state. When its thread dies the holder is collected and the state retired.</summary>
    internal sealed class ThreadState(bool permanent = false)
    {
        /// <summary>Our own PyThreadState*, created on the first acquire that needs one; 0 until then.</summary>
        public nint Handle;
        public nuint PythonThreadId;

        /// <summary>How the current outermost acquisition holds the GIL, and Ensure's result to hand back to Release.</summary>
        public HoldMode Mode;
        public int GilStateToken;

        /// <summary>Set by <see cref="DeclareLibraryThread"/>.</summary>
        public bool LibraryThread;

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
            if (!permanent && Handle != 0) ThreadStates.Retire(Handle);
        }
    }
}

/// <summary>How an outermost <see cref="Gil.Acquire"/> holds the GIL.</summary>
internal enum HoldMode
{
    /// <summary>Through this thread's own persistent thread state (PyEval_RestoreThread / SaveThread).</summary>
    Own,

    /// <summary>Through another embedder's thread state bound to this thread (PyGILState_Ensure / Release).</summary>
    GilState,

    /// <summary>The thread already held the GIL (Py.GIL(), an embedder's init thread): nothing taken, nothing released.</summary>
    Nested,
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
