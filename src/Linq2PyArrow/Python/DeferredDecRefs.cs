using System.Collections.Concurrent;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// References dropped on threads that don't hold the GIL (above all the CLR finalizer thread, which must never
/// block on the GIL) are queued here and decref'd later under the GIL: by the next outermost GIL release on
/// any thread, and by the runtime's owner thread when the queue grows while nobody uses Python.
/// </summary>
internal static class DeferredDecRefs
{
    /// <summary>At most this many per outermost release, so one unlucky release never stalls for long.</summary>
    public const int DrainBudgetPerRelease = 4096;
    private const int OwnerWakeThreshold = 1024;

    private static readonly ConcurrentQueue<nint> s_queue = new();

    // ConcurrentQueue.Count is not O(1) across segments; a counter is, and crossing the threshold is exact with it.
    private static int s_pending;

    public static int Pending => Volatile.Read(ref s_pending);

    public static void Enqueue(nint reference)
    {
        s_queue.Enqueue(reference);
        if (Interlocked.Increment(ref s_pending) == OwnerWakeThreshold) Runtime.PythonRuntime.RequestDrain();
    }

    /// <summary>Decrefs up to <paramref name="budget"/> queued references. The caller holds the GIL.</summary>
    public static unsafe void Drain(int budget)
    {
        if (Volatile.Read(ref s_pending) == 0) return;
        // A decref can run __del__ (or a weakref callback), which may leave an error set; the caller's pending
        // error must survive it, and an error from one decref must not be blamed on the caller.
        using var saved = PythonErrors.Save();
        while (budget-- > 0 && s_queue.TryDequeue(out var reference))
        {
            Interlocked.Decrement(ref s_pending);
            CApi.Py_DecRef(reference);
            if (CApi.PyErr_Occurred() != 0) CApi.PyErr_Clear();
        }
    }
}
