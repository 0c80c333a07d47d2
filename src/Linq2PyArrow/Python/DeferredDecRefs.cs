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
    public const int DrainBudgetPerRelease = 4096;
    private const int OwnerWakeThreshold = 1024;

    private static readonly ConcurrentQueue<nint> s_queue = new();

    public static int Pending => s_queue.Count;

    public static void Enqueue(nint reference)
    {
        s_queue.Enqueue(reference);
        if (s_queue.Count == OwnerWakeThreshold) Runtime.PythonRuntime.RequestDrain();
    }

    /// <summary>Decrefs up to <paramref name="budget"/> queued references. The caller holds the GIL.</summary>
    public static unsafe void Drain(int budget)
    {
        if (s_queue.IsEmpty) return;
        // A decref can run __del__, which may leave an error set; the caller's pending error must survive it.
        using var saved = PythonErrors.Save();
        while (budget-- > 0 && s_queue.TryDequeue(out var reference))
            CApi.Py_DecRef(reference);
    }
}
