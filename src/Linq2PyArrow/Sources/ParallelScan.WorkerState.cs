using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Sources;

internal sealed partial class ParallelScan
{
    /// <summary>
    /// Where a worker is, so that a cancelled scan can interrupt it: PyThreadState_SetAsyncExc raises
    /// QueryCancelled (a BaseException, so `except Exception` in user code doesn't swallow it) in the worker's
    /// Python code at its next bytecode. It only helps code that runs bytecode; a C call blocks until it returns.
    /// </summary>
    internal sealed class WorkerState
    {
        private volatile bool _inPython;
        private nuint _pythonThreadId;
        private bool _interrupted;

        /// <summary>Takes the GIL for a call into Python and marks the worker interruptible meanwhile.</summary>
        public PythonCall EnterPython()
        {
            _inPython = true;
            var gil = Gil.Acquire();
            _pythonThreadId = Gil.CurrentPythonThreadId;
            return new PythonCall(this, gil);
        }

        /// <summary>The caller holds the GIL, so the worker cannot be between Python calls in a way that matters.</summary>
        public unsafe void Interrupt()
        {
            if (!_inPython || _pythonThreadId == 0) return;
            using var cancelled = HostModule.Get("QueryCancelled");
            CApi.PyThreadState_SetAsyncExc(_pythonThreadId, cancelled.Handle);
            _interrupted = true;
        }

        /// <summary>Drops a pending interrupt that did not fire, so it cannot hit a later query on this thread. GIL held.</summary>
        public unsafe void ClearInterrupt()
        {
            if (_interrupted) CApi.PyThreadState_SetAsyncExc(_pythonThreadId, 0);
        }

        internal ref struct PythonCall(WorkerState worker, GilLock gil)
        {
            private GilLock _gil = gil;

            // Not interruptible before the GIL goes: Interrupt (GIL held) must never aim at a thread that has left
            // this query, or the pending exception would hit whatever that pooled thread runs next.
            public void Dispose()
            {
                worker._inPython = false;
                _gil.Dispose();
            }
        }
    }
}
