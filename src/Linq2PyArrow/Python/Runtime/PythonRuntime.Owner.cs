using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python.Runtime;

internal static partial class PythonRuntime
{
    /// <summary>How long process exit waits for Python's atexit handlers before leaving without them.</summary>
    public static readonly TimeSpan ExitHandlersTimeout = TimeSpan.FromSeconds(3);

    private static readonly ManualResetEventSlim s_exitHandlersDone = new();

    private static unsafe void OwnerLoop(nint mainThreadState)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => OnProcessExit();
        while (true)
        {
            // Wake on request, and every second anyway: queued decrefs must not wait for the next user of Python.
            s_ownerWake.WaitOne(TimeSpan.FromSeconds(1));
            if (s_exiting)
            {
                CApi.PyEval_RestoreThread(mainThreadState);
                RunExitHandlers();
                CApi.PyEval_SaveThread();
                s_exitHandlersDone.Set();
                return;
            }
            if (DeferredDecRefs.Pending == 0 && !ThreadStates.HasRetired) continue;
            CApi.PyEval_RestoreThread(mainThreadState);
            DeferredDecRefs.Drain(int.MaxValue);
            ThreadStates.DeleteRetired();
            CApi.PyEval_SaveThread();
        }
    }

    /// <summary>
    /// Runs Python's atexit handlers and flushes its standard streams, bounded by <see cref="ExitHandlersTimeout"/>
    /// (a handler or a thread holding the GIL must not keep the process alive).
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
            PyCode.Exec("""
                import atexit, sys
                try:
                    atexit._run_exitfuncs()
                finally:
                    for stream in (sys.stdout, sys.stderr):
                        try:
                            stream.flush()
                        except Exception:
                            pass
                """);
        }
        catch (PythonException)
        {
            // Best effort at exit: there is no one left to report to.
        }
    }
}
