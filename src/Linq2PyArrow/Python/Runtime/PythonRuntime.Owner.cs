namespace Linq2PyArrow.Python.Runtime;

internal static partial class PythonRuntime
{
    /// <summary>How long process exit waits for Python's atexit handlers before leaving without them.</summary>
    public static readonly TimeSpan ExitHandlersTimeout = TimeSpan.FromSeconds(3);

    private static readonly ManualResetEventSlim s_exitHandlersDone = new();

    /// <summary>The owner thread's life after init: park, drain queued decrefs, delete dead threads' states, run atexit.</summary>
    private static void OwnerLoop()
    {
        while (true)
        {
            // Wake on request, and every second anyway: queued decrefs must not wait for the next user of Python.
            s_ownerWake.WaitOne(TimeSpan.FromSeconds(1));
            if (s_exiting)
            {
                RunExitHandlers();
                s_exitHandlersDone.Set();
                return;
            }
            if (DeferredDecRefs.Pending > 0)
            {
                using var gil = Gil.Acquire();
                DeferredDecRefs.Drain(int.MaxValue);
            }
            // Without the GIL: the deletion runs on a helper thread that takes it (see ThreadStates).
            ThreadStates.DeleteRetired();
        }
    }

    /// <summary>
    /// Runs Python's atexit handlers and flushes its standard streams, bounded by <see cref="ExitHandlersTimeout"/>
    /// (a handler or a thread holding the GIL must not keep the process alive). threading._shutdown, which joins
    /// non-daemon Python threads, is deliberately not called: such a thread would keep the process alive forever.
    /// </summary>
    private static void OnProcessExit()
    {
        s_exiting = true;
        s_ownerWake.Set();
        s_exitHandlersDone.Wait(ExitHandlersTimeout);
    }

    private static void RunExitHandlers()
    {
        try
        {
            using var gil = Gil.Acquire();
            using (PyCode.Exec("""
                import atexit, sys
                try:
                    atexit._run_exitfuncs()
                finally:
                    for stream in (sys.stdout, sys.stderr):
                        try:
                            stream.flush()
                        except Exception:
                            pass
                """)) { }
        }
        catch (PythonException)
        {
            // Best effort at exit: there is no one left to report to.
        }
    }
}
