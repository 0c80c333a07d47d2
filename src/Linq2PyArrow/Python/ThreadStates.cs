using System.Collections.Concurrent;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// Bookkeeping of the per-thread Python thread states, so that threads that come and go (thread-pool threads
/// retire after idling) do not leak a PyThreadState each: a dead thread's state is cleared and deleted by the
/// next thread that releases the GIL.
/// </summary>
internal static class ThreadStates
{
    private static readonly ConcurrentQueue<nint> s_retired = new();
    private static int s_live;

    /// <summary>Thread states created and not yet deleted.</summary>
    public static int Live => Volatile.Read(ref s_live);

    public static bool HasRetired => !s_retired.IsEmpty;

    public static void Register(Gil.ThreadState _) => Interlocked.Increment(ref s_live);

    /// <summary>Called from a finalizer: never touches Python, only queues.</summary>
    public static void Retire(nint threadState) => s_retired.Enqueue(threadState);

    /// <summary>Deletes retired states. The caller holds the GIL (through its own, different, thread state).</summary>
    public static unsafe void DeleteRetired()
    {
        while (s_retired.TryDequeue(out var threadState))
        {
            CApi.PyThreadState_Clear(threadState);
            CApi.PyThreadState_Delete(threadState);
            Interlocked.Decrement(ref s_live);
        }
    }
}
