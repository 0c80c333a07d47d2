using System.Collections.Concurrent;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// Bookkeeping of the per-thread Python thread states, so that threads that come and go (thread-pool threads
/// retire after idling) do not leak a PyThreadState each. When a .NET thread dies, its <see cref="Gil.ThreadState"/>
/// holder is collected and its finalizer queues the state here; the runtime's owner thread then has the states
/// cleared and deleted on a short-lived helper thread.
/// </summary>
/// <remarks>
/// Why a helper thread: on CPython 3.12+ PyThreadState_Delete(other) ends in unbind_gilstate_tstate(), which
/// clears the GILState TSS slot of the <em>calling</em> thread (not of the deleted state's thread). Deleting from a
/// thread that keeps using Python would leave it with no GILState binding, so a later PyGILState_Ensure there
/// (ctypes callbacks, pybind11, numpy) would create a second thread state and deadlock on the GIL this thread
/// already holds. The helper thread gets a fresh state of its own (PyThreadState_New binds it, because its slot
/// is empty), clears every retired state first, while its binding is intact (clearing can run __del__ code,
/// which may call PyGILState_Ensure), then deletes them, then deletes its own state and ends. Nothing that
/// outlives the helper depends on its TSS slot. On 3.9–3.11 deleting from any thread would be safe, but one
/// code path for all versions is simpler to trust.
/// </remarks>
internal static class ThreadStates
{
    private static readonly ConcurrentQueue<nint> s_retired = new();
    private static int s_live;
    private static long s_deleted;

    /// <summary>Thread states created and not yet deleted (including the owner thread's permanent one).</summary>
    public static int Live => Volatile.Read(ref s_live);

    /// <summary>Thread states deleted after their thread died, since start.</summary>
    public static long Deleted => Interlocked.Read(ref s_deleted);

    public static bool HasRetired => !s_retired.IsEmpty;

    public static void Register(Gil.ThreadState _) => Interlocked.Increment(ref s_live);

    /// <summary>Called from a finalizer: never touches Python, only queues.</summary>
    public static void Retire(nint threadState) => s_retired.Enqueue(threadState);

    /// <summary>
    /// Clears and deletes the retired states on a helper thread and waits for it. Called by the owner thread while
    /// it does not hold the GIL.
    /// </summary>
    public static void DeleteRetired()
    {
        if (s_retired.IsEmpty) return;
        var helper = new Thread(DeleteRetiredOnThisThread) { IsBackground = true, Name = "Linq2PyArrow thread-state cleanup" };
        helper.Start();
        helper.Join();
    }

    private static unsafe void DeleteRetiredOnThisThread()
    {
        var batch = new List<nint>();
        while (s_retired.TryDequeue(out var threadState)) batch.Add(threadState);
        if (batch.Count == 0) return;

        var own = CApi.PyThreadState_New(Runtime.PythonRuntime.Interpreter);
        CApi.PyEval_RestoreThread(own);
        foreach (var threadState in batch) CApi.PyThreadState_Clear(threadState);
        foreach (var threadState in batch)
        {
            CApi.PyThreadState_Delete(threadState);
            Interlocked.Decrement(ref s_live);
            Interlocked.Increment(ref s_deleted);
        }
        // As PyGILState_Release does for a state it created: clear while current, then release and delete.
        CApi.PyThreadState_Clear(own);
        CApi.PyEval_SaveThread();
        CApi.PyThreadState_Delete(own);
    }
}
