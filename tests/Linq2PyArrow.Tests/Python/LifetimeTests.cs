using System.Runtime.CompilerServices;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Python;

/// <summary>Object lifetime: finalizer-thread decrefs, the deferred queue, exact refcounts on 3.11 (§8.4 7–8).</summary>
[Trait("Category", "Binding")]
[Collection(SerialBindingCollection.Name)]
public sealed class LifetimeTests(ITestOutputHelper output)
{
    private const int Count = 1_000_000;

    [Fact]
    public void A_million_handles_dropped_without_dispose_are_released_by_the_owner_thread()
    {
        PyObject globals, tracked;
        long refsBefore, memoryBefore;
        using (Gil.Acquire())
        {
            globals = BindingTestSupport.Exec("import gc, tracemalloc\ntracemalloc.start()\ntracked = binding_helpers.Tracked()\n");
            tracked = PyCode.Eval("tracked", globals);
            refsBefore = BindingTestSupport.RefCount(globals, tracked);
            memoryBefore = TracedMemory(globals);
        }
        var (refsWhileAlive, memoryWhileAlive) = CreateMeasureAndDrop(globals, tracked);
        output.WriteLine($"refcount {refsBefore} → {refsWhileAlive}; traced memory {memoryBefore:N0} → {memoryWhileAlive:N0} bytes");
        Assert.Equal(refsBefore + Count / 2, refsWhileAlive);
        Assert.True(memoryWhileAlive - memoryBefore > 12_000_000, "half a million ints (32 bytes each) should take over 12 MB");

        // From here on this thread does not touch the GIL: only the finalizer thread drops the handles (none is
        // disposed), and only the owner thread can drain the queue.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var drained = BindingTestSupport.WaitUntil(() => DeferredDecRefs.Pending == 0, TimeSpan.FromSeconds(30));
        Assert.True(drained, $"{DeferredDecRefs.Pending} decrefs still queued");

        using (Gil.Acquire())
        {
            var refsAfter = BindingTestSupport.RefCount(globals, tracked);
            var memoryAfter = TracedMemory(globals);
            output.WriteLine($"after GC and drain: refcount {refsAfter}; traced memory {memoryAfter:N0} bytes");
            Assert.Equal(refsBefore, refsAfter);
            Assert.InRange(memoryAfter - memoryBefore, long.MinValue, 1_000_000);
            using (PyCode.Exec("tracemalloc.stop()", globals)) { }
            tracked.Dispose();
            globals.Dispose();
        }
    }

    private static long TracedMemory(PyObject globals) =>
        (long)BindingTestSupport.Eval("(gc.collect(), tracemalloc.get_traced_memory()[0])[1]", globals)!;

    /// <summary>
    /// Half the handles reference the tracked object, half are fresh ints; measured while all are alive, then
    /// dropped. A separate method, so no local (debug builds keep them to the end of a method) outlives it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Refs, long Memory) CreateMeasureAndDrop(PyObject globals, PyObject tracked)
    {
        using var gil = Gil.Acquire();
        var handles = new PyObject[Count];
        for (var i = 0; i < Count; i++)
            handles[i] = i % 2 == 0 ? PyObject.Borrow(tracked.Handle) : PyConvert.ToPython(1_000_000_000L + i);
        var measured = (BindingTestSupport.RefCount(globals, tracked), TracedMemory(globals));
        GC.KeepAlive(handles);
        return measured;
    }

    [Fact]
    public void Disposing_without_the_gil_defers_the_decref_to_the_next_release()
    {
        PyObject globals, tracked, extra;
        long before;
        using (Gil.Acquire())
        {
            globals = BindingTestSupport.Exec("tracked = binding_helpers.Tracked()\n");
            tracked = PyCode.Eval("tracked", globals);
            before = BindingTestSupport.RefCount(globals, tracked);
            extra = PyObject.Borrow(tracked.Handle);
        }
        // Start from an empty queue, so that this release's drain budget reaches our entry.
        Assert.True(BindingTestSupport.WaitUntil(() => DeferredDecRefs.Pending == 0, TimeSpan.FromSeconds(30)));
        extra.Dispose(); // no GIL here: queued, not applied
        Assert.Equal(1, DeferredDecRefs.Pending);
        using (Gil.Acquire())
        {
            Assert.Equal(before + 1, BindingTestSupport.RefCount(globals, tracked));
        }
        Assert.Equal(0, DeferredDecRefs.Pending);
        using (Gil.Acquire())
        {
            Assert.Equal(before, BindingTestSupport.RefCount(globals, tracked));
            tracked.Dispose();
            globals.Dispose();
        }
    }

    [Fact]
    public unsafe void An_object_whose_del_raises_does_not_clobber_a_pending_error()
    {
        using var gil = Gil.Acquire();
        using var globals = BindingTestSupport.Exec("""
            import sys
            unraisable = []
            previous_hook = sys.unraisablehook
            sys.unraisablehook = lambda u: unraisable.append(str(u.exc_value))
            binding_helpers.RaisesInDel.deleted = 0
            """);
        try
        {
            var victim = PyCode.Eval("binding_helpers.RaisesInDel()", globals);
            PythonErrors.Raise(CApi.PyExc_ValueError, "the caller's pending error");
            DeferredDecRefs.Enqueue(victim.DetachNewReference());
            DeferredDecRefs.Drain(int.MaxValue);

            Assert.NotEqual(0, CApi.PyErr_Occurred());
            var pending = PythonErrors.Fetch();
            Assert.Equal("ValueError", pending.PythonType);
            Assert.Equal("the caller's pending error", pending.PythonMessage);
            Assert.Equal(1L, BindingTestSupport.Eval("binding_helpers.RaisesInDel.deleted", globals));
            Assert.Equal(new object?[] { "raised in __del__" }, (IReadOnlyList<object?>)BindingTestSupport.Eval("unraisable", globals)!);
        }
        finally
        {
            using (PyCode.Exec("sys.unraisablehook = previous_hook", globals)) { }
        }
    }

    [Fact]
    public void Conversions_and_failing_calls_leave_refcounts_exactly_balanced()
    {
        // On 3.11 None/True/False are not immortal: every new reference handed out must be matched exactly.
        Assert.True(BindingTestSupport.WaitUntil(() => DeferredDecRefs.Pending == 0, TimeSpan.FromSeconds(30)));
        using var gil = Gil.Acquire();
        using var globals = BindingTestSupport.Exec("""
            import gc, sys
            tracked = binding_helpers.Tracked()
            def fail_with(obj):
                raise ValueError(obj)
            """);
        using var tracked = PyCode.Eval("tracked", globals);
        using var none = PyObject.None;
        using var @true = PyConvert.ToPython(true);
        using var @false = PyConvert.ToPython(false);
        using var failWith = PyCode.Eval("fail_with", globals);
        using var getRefCount = PyCode.Eval("sys.getrefcount", globals);
        long[] Counts()
        {
            // Cyclic garbage (tracebacks, frames) from earlier work holds references too: collect it first.
            using (PyCode.Eval("gc.collect()", globals)) { }
            return Uncollected();
        }
        // Other Python threads of this process (a Dask client's event loop, for one) take and drop references to
        // None/True/False whenever they get the GIL, which this thread hands over only while it runs bytecode. The
        // counts are read through sys.getrefcount called from C (no bytecode), and nothing between the two readings
        // runs bytecode, so no other thread runs in between; the conversions make no cyclic garbage to collect.
        long[] Uncollected() => [Count(none), Count(@true), Count(@false), Count(tracked)];
        long Count(PyObject value)
        {
            using var count = getRefCount.Call(value);
            return PyConvert.ToInt64(count);
        }
        var before = Counts();
        for (var i = 0; i < 1000; i++)
        {
            using (PyConvert.ToPython(null)) { }
            using (var b = PyConvert.ToPython(i % 2 == 0)) Assert.Equal(i % 2 == 0, PyConvert.FromPython(b));
            using (var n = PyObject.None) Assert.Null(PyConvert.FromPython(n));
            using (var list = PyConvert.ToPython(new object?[] { null, true, false })) PyConvert.FromPython(list);
            using (var dict = PyConvert.ToPython(new Dictionary<string, object?> { ["k"] = null })) PyConvert.FromPython(dict);
        }
        Assert.Equal(before, Uncollected());

        // Failing calls: the exception (holding 'tracked' in its args, and the frame in its traceback) must be
        // released completely once described. None is not counted here: on 3.11, calling traceback.format_exception
        // from C makes None's count drift down over the first few thousand calls and then settle (measured: it
        // converges, so it is a cache inside the stdlib/interpreter, not an over-decref, which would not stop).
        var trackedBefore = Counts()[3];
        for (var i = 0; i < 1000; i++)
        {
            var error = Assert.Throws<PythonException>(() => failWith.Call(tracked));
            Assert.Equal("ValueError", error.PythonType);
        }
        Assert.Equal(trackedBefore, Counts()[3]);
    }

    [Fact]
    public void PyRef_results_are_released_on_dispose_moved_by_ToPyObject_and_deferred_without_the_gil()
    {
        Assert.True(BindingTestSupport.WaitUntil(() => DeferredDecRefs.Pending == 0, TimeSpan.FromSeconds(30)));
        PyObject globals, tracked, getTracked;
        long before;
        using (Gil.Acquire())
        {
            globals = BindingTestSupport.Exec("tracked = binding_helpers.Tracked()\ndef get_tracked():\n    return tracked\n");
            tracked = PyCode.Eval("tracked", globals);
            getTracked = PyCode.Eval("get_tracked", globals);
            before = BindingTestSupport.RefCount(globals, tracked);
            for (var i = 0; i < 1000; i++)
            {
                using var result = getTracked.CallRef();
                Assert.Equal(tracked.Handle, result.Handle);
            }
            Assert.Equal(before, BindingTestSupport.RefCount(globals, tracked));

            var moved = getTracked.CallRef();
            using var handle = moved.ToPyObject();
            moved.Dispose(); // empty after the move: nothing to release twice
            Assert.Equal(0, moved.Handle);
            Assert.Equal(before + 1, BindingTestSupport.RefCount(globals, tracked));
        }
        using (Gil.Acquire()) Assert.Equal(before, BindingTestSupport.RefCount(globals, tracked));

        var unheld = CallOutsideGil(getTracked);
        unheld.Dispose(); // no GIL on this thread: queued
        Assert.Equal(1, DeferredDecRefs.Pending);
        using (Gil.Acquire()) { }
        using (Gil.Acquire())
        {
            Assert.Equal(before, BindingTestSupport.RefCount(globals, tracked));
            using var fails = PyCode.Eval("lambda: 1 / 0");
            var error = Assert.Throws<PythonException>(() => { using var result = fails.CallRef(); });
            Assert.Equal("ZeroDivisionError", error.PythonType);
            getTracked.Dispose();
            tracked.Dispose();
            globals.Dispose();
        }
    }

    private static PyRef CallOutsideGil(PyObject callable)
    {
        using var gil = Gil.Acquire();
        return callable.CallRef();
    }
}
