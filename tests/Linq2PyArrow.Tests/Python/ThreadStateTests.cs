using System.Collections.Concurrent;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;
using Linq2PyArrow.Python.Runtime;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Python;

/// <summary>Per-thread Python thread states: pool churn, PyGILState_Ensure from extensions, retirement (§8.4 2, 5, 6).</summary>
[Trait("Category", "Binding")]
[Collection(SerialBindingCollection.Name)]
public sealed class ThreadStateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_pool_calls_get_right_results_and_thread_states_stay_bounded_by_threads()
    {
        PyObject square;
        using (Gil.Acquire())
        {
            using var globals = PyCode.Exec("def square(x):\n    return x * x\n");
            square = PyCode.Eval("square", globals);
        }
        var liveBefore = ThreadStates.Live;
        var threadIds = new ConcurrentDictionary<int, bool>();
        var tasks = Enumerable.Range(0, 10_000).Select(i => Task.Run(() =>
        {
            threadIds[Environment.CurrentManagedThreadId] = true;
            using var gil = Gil.Acquire();
            using var arg = PyConvert.ToPython(i);
            using var result = square.Call(arg);
            return PyConvert.ToInt64(result);
        })).ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i * i), results);
        var live = ThreadStates.Live;
        output.WriteLine($"threads used: {threadIds.Count}, live thread states: {liveBefore} before, {live} after, " +
                         $"pool threads now: {ThreadPool.ThreadCount}");
        // One state per OS thread that ever called, never one per call.
        Assert.InRange(live - liveBefore, 0, threadIds.Count);
        Assert.InRange(threadIds.Count, 1, 256);
        using (Gil.Acquire()) square.Dispose();
    }

    /// <summary>
    /// A ctypes callback is C code that calls PyGILState_Ensure/Release around the Python function, like pybind11
    /// or numpy callbacks: it must find and reuse our per-thread state (CSnakes#357, fixed there by #369).
    /// </summary>
    [Fact]
    public unsafe void An_extension_calling_PyGILState_Ensure_works_on_threads_with_and_without_our_state()
    {
        using var callback = CreateCtypesCallback(out var address);
        var call = (delegate* unmanaged<int, int>)address;

        // 1. This thread holds the GIL through its own state: Ensure sees it and does not re-acquire.
        using (Gil.Acquire())
        {
            Assert.Equal(Gil.CurrentThreadState, CApi.PyGILState_GetThisThreadState());
            Assert.Equal(42, call(21));
            Assert.True(Gil.IsHeld);
        }
        // 2. This thread has a state but does not hold the GIL: Ensure takes the GIL with that same state.
        Assert.Equal(10, call(5));
        Assert.False(Gil.IsHeld);
        // 3. A thread that never used the binding: Ensure creates and deletes a temporary state itself.
        var result = 0;
        var fresh = new Thread(() => result = call(50));
        fresh.Start();
        Assert.True(fresh.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(100, result);
    }

    [Fact]
    public unsafe void Dead_threads_states_are_deleted_and_the_survivors_keep_their_gilstate_binding()
    {
        using var callback = CreateCtypesCallback(out var address);
        var deletedBefore = ThreadStates.Deleted;
        const int threads = 4;
        RunAndForgetThreads(threads);
        var deleted = BindingTestSupport.WaitUntil(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return ThreadStates.Deleted >= deletedBefore + threads;
        }, TimeSpan.FromSeconds(20));
        Assert.True(deleted, $"only {ThreadStates.Deleted - deletedBefore} of {threads} dead threads' states were deleted");

        // Deleting another thread's state must not have unbound ours (CPython 3.12+ clears the caller's slot).
        using (Gil.Acquire())
        {
            Assert.Equal(Gil.CurrentThreadState, CApi.PyGILState_GetThisThreadState());
            Assert.Equal(14, ((delegate* unmanaged<int, int>)address)(7));
        }
    }

    private static void RunAndForgetThreads(int count)
    {
        var started = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            using var gil = Gil.Acquire();
            using var globals = PyCode.Exec("import threading\nlocal = threading.local()\nlocal.value = [1, 2, 3]\n");
        })).ToList();
        started.ForEach(t => t.Start());
        started.ForEach(t => t.Join());
    }

    /// <summary>
    /// Why ThreadStates deletes on a helper thread: documents the CPython behaviour the design works around. A
    /// state created on one thread is deleted by another; on 3.12+ that clears the deleting thread's GILState slot.
    /// </summary>
    [Fact]
    public unsafe void Cpython_312_plus_clears_the_deleting_threads_gilstate_slot()
    {
        nint orphan = 0;
        var creator = new Thread(() => orphan = CApi.PyThreadState_New(PythonRuntime.Interpreter));
        creator.Start();
        creator.Join();

        nint slotAfter = 0, ownState = 0;
        var deleter = new Thread(() =>
        {
            // A private state, not Gil's: this thread's slot is about to be damaged on purpose.
            ownState = CApi.PyThreadState_New(PythonRuntime.Interpreter);
            CApi.PyEval_RestoreThread(ownState);
            CApi.PyThreadState_Clear(orphan);
            CApi.PyThreadState_Delete(orphan);
            slotAfter = CApi.PyGILState_GetThisThreadState();
            CApi.PyThreadState_Clear(ownState);
            CApi.PyEval_SaveThread();
            CApi.PyThreadState_Delete(ownState);
        });
        deleter.Start();
        deleter.Join();

        output.WriteLine($"Python 3.{CApi.MinorVersion}: slot after deleting another thread's state = {(slotAfter == 0 ? "cleared" : "intact")}");
        if (CApi.MinorVersion >= 12) Assert.Equal(0, slotAfter);
        else Assert.Equal(ownState, slotAfter);
    }

    /// <summary>A ctypes CFUNCTYPE(int, int) callback computing 2*x, and its C address.</summary>
    private static PyObject CreateCtypesCallback(out nint address)
    {
        using var gil = Gil.Acquire();
        var globals = PyCode.Exec("""
            import ctypes
            callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: 2 * x)
            address = ctypes.cast(callback, ctypes.c_void_p).value
            """);
        using var value = PyCode.Eval("address", globals);
        address = (nint)PyConvert.ToInt64(value);
        return globals; // keeps the callback object (and so its thunk) alive
    }
}
