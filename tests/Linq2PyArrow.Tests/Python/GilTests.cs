using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Tests.Python;

/// <summary>The GIL token: re-entrancy, idempotent release, misuse reported as .NET exceptions (interop.md §8.4 3–4).</summary>
[Trait("Category", "Binding")]
public sealed class GilTests
{
    [Fact]
    public unsafe void Nested_acquire_is_reentrant_and_only_the_outermost_release_gives_up_the_gil()
    {
        using (var outer = Gil.Acquire())
        {
            Assert.True(Gil.IsHeld);
            using (var middle = Gil.Acquire())
            {
                using (var inner = Gil.Acquire())
                {
                    Assert.Equal(1, CApi.PyGILState_Check());
                    Assert.Equal(6L, BindingTestSupport.Eval("2 * 3"));
                }
                Assert.True(Gil.IsHeld);
                Assert.Equal(1, CApi.PyGILState_Check());
            }
            Assert.True(Gil.IsHeld);
        }
        Assert.False(Gil.IsHeld);
        Assert.Equal(0, CApi.PyGILState_Check());
    }

    [Fact]
    public void Disposing_a_token_twice_is_harmless()
    {
        var gil = Gil.Acquire();
        gil.Dispose();
        gil.Dispose();
        Assert.False(Gil.IsHeld);

        // An explicit Dispose inside 'using' disposes a copy; the implicit one at the end must then do nothing.
        using (var outer = Gil.Acquire())
        {
            using (var inner = Gil.Acquire())
            {
                inner.Dispose();
            }
            Assert.True(Gil.IsHeld);
            Assert.Equal(1L, BindingTestSupport.Eval("1"));
        }
        Assert.False(Gil.IsHeld);
    }

    [Fact]
    public void A_stale_copy_of_a_token_cannot_release_a_later_acquisition_at_the_same_depth()
    {
        var first = Gil.Acquire();
        var copy = first;
        first.Dispose();
        var second = Gil.Acquire();
        copy.Dispose(); // same depth as 'second', older ticket: must not release it
        Assert.True(Gil.IsHeld);
        Assert.Equal(4L, BindingTestSupport.Eval("2 + 2"));
        second.Dispose();
        Assert.False(Gil.IsHeld);
    }

    [Fact]
    public unsafe void Releasing_on_another_thread_throws_InvalidOperationException_and_keeps_the_gil_usable()
    {
        var gil = Gil.Acquire();
        try
        {
            // A ref struct cannot normally reach another thread; a pointer to it can, which is the misuse modelled.
            var address = (nint)Unsafe.AsPointer(ref gil);
            Exception? caught = null;
            var other = new Thread(() =>
            {
                try { Unsafe.AsRef<GilLock>((void*)address).Dispose(); }
                catch (Exception ex) { caught = ex; }
            });
            other.Start();
            other.Join();
            var error = Assert.IsType<InvalidOperationException>(caught);
            Assert.Contains("released on a thread that did not acquire it", error.Message);
            Assert.True(Gil.IsHeld);
            Assert.Equal(9L, BindingTestSupport.Eval("3 * 3"));
        }
        finally
        {
            gil.Dispose();
        }
        Assert.False(Gil.IsHeld);
    }

    [Fact]
    public void Releasing_out_of_order_throws_InvalidOperationException()
    {
        var outer = Gil.Acquire();
        var inner = Gil.Acquire();
        InvalidOperationException? error = null;
        try { ReleaseCopy(outer); }
        catch (InvalidOperationException ex) { error = ex; }
        Assert.NotNull(error);
        Assert.Contains("1 later acquisition(s) on this thread are still open", error.Message);
        inner.Dispose();
        outer.Dispose();
        Assert.False(Gil.IsHeld);
    }

    // A lambda cannot capture a ref struct; passing it by value releases through a copy, as 'using' would.
    private static void ReleaseCopy(GilLock token) => token.Dispose();

    [Fact]
    public async Task An_iterator_consumed_across_await_never_holds_the_gil_while_awaiting()
    {
        var generator = CreateGenerator(50);
        var seen = new List<long>();
        var threads = new HashSet<int>();
        foreach (var item in PyIteration.Enumerate(generator, PyConvert.ToInt64))
        {
            Assert.False(Gil.IsHeld);
            // Another thread can take the GIL right now, so nobody holds it while we are between items.
            var probe = Task.Run(() =>
            {
                using var gil = Gil.Acquire();
                return BindingTestSupport.Eval("40 + 2");
            });
            Assert.Equal(42L, await probe.WaitAsync(TimeSpan.FromSeconds(10)));
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(1);
            seen.Add(item);
        }
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), seen);
        Assert.False(Gil.IsHeld);
        using (Gil.Acquire()) generator.Dispose();
    }

    private static PyObject CreateGenerator(int count)
    {
        using var gil = Gil.Acquire();
        using var globals = BindingTestSupport.Exec("");
        return PyCode.Eval($"binding_helpers.count_up({count})", globals);
    }

    [Fact]
    public void An_exception_in_the_middle_of_iteration_comes_after_the_items_before_it()
    {
        PyObject generator;
        using (Gil.Acquire())
        {
            using var globals = BindingTestSupport.Exec("");
            generator = PyCode.Eval("binding_helpers.items_then_fail(3)", globals);
        }
        var seen = new List<long>();
        var error = Assert.Throws<PythonException>(() =>
        {
            foreach (var item in PyIteration.Enumerate(generator, PyConvert.ToInt64)) seen.Add(item);
        });
        Assert.Equal([0L, 1L, 2L], seen);
        Assert.Equal("ValueError", error.PythonType);
        Assert.Equal("boom after 3 items", error.PythonMessage);
        Assert.Contains("in items_then_fail", error.PythonTraceback);
        Assert.False(Gil.IsHeld);
        using (Gil.Acquire()) generator.Dispose();
    }

    [Fact]
    public void Many_threads_calling_python_at_once_get_the_right_results()
    {
        PyObject twice;
        using (Gil.Acquire())
        {
            using var globals = PyCode.Exec("def twice(x):\n    return 2 * x\n");
            twice = PyCode.Eval("twice", globals);
        }
        var results = new ConcurrentDictionary<int, long>();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using var gil = Gil.Acquire();
            using var arg = PyConvert.ToPython(i);
            using var result = twice.Call(arg);
            results[i] = PyConvert.ToInt64(result);
        });
        Assert.Equal(2000, results.Count);
        Assert.All(results, pair => Assert.Equal(2L * pair.Key, pair.Value));
        using (Gil.Acquire()) twice.Dispose();
    }
}
