using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources.Dask;

/// <summary>
/// Reads one partition on Dask: <c>linq2pyarrow.dask.start_partition</c> gives a run whose <c>next()</c> returns the
/// partition's chunks (Arrow IPC streams, as Python bytes) one after another. Each chunk is read in place
/// (<see cref="IpcChunk"/>) without the GIL, and its batches go through the same binding, limit and delivery as
/// in-process batches. The GIL is held only to ask for the next chunk, and released by Python while it waits for
/// the network. Cancelling the scan cancels the run from a pool thread, so a worker waiting for a chunk returns at
/// once; closing releases the partition's actor on its worker, whose generator is closed there.
/// </summary>
internal sealed class DaskPartitionReader(DaskExecutor executor, ParallelScan scan, Partition partition, ParallelScan.WorkerState worker)
{
    private readonly DataSource _source = scan.Source;
    private readonly Lock _sync = new();
    private PyObject? _run;
    private long _rows;

    public void Run(Func<ScanBatch, bool> deliver, CancellationToken cancellation)
    {
        Start();
        using var registration = cancellation.UnsafeRegister(static state => ((DaskPartitionReader)state!).Cancel(), this);
        try
        {
            var limit = scan.Request.Limit;
            while (!cancellation.IsCancellationRequested && (limit is null || _rows < limit))
            {
                var chunk = NextChunk();
                if (chunk is null) return;
                if (!DeliverChunk(chunk, deliver, limit)) return;
            }
        }
        finally
        {
            Close();
        }
    }

    private void Start()
    {
        using var gil = worker.EnterPython();
        try
        {
            using var module = PythonTypes.Import("linq2pyarrow.dask");
            using var start = module.GetAttr("start_partition");
            using var scheduler = PyConvert.FromString(executor.Scheduler);
            using var task = Task();
            using var uploads = PyConvert.ToPython(executor.UploadFiles);
            _run = start.Call(scheduler, task, uploads);
        }
        catch (PythonException ex)
        {
            throw _source.Failure("read_partition", ex, partition);
        }
    }

    /// <summary>What the worker needs: the source, its options, the spec, the hints read_partition accepts, the limit.</summary>
    private PyObject Task()
    {
        var hints = _source.Hints(scan.Request);
        try
        {
            using var options = _source.OptionsDict();
            using var hintDict = PyConvert.ToPython(hints.ToDictionary(h => h.Key, h => (object?)h.Value));
            return PyConvert.ToPython(new Dictionary<string, object?>
            {
                ["module"] = _source.Module,
                ["class"] = _source.ClassName,
                ["options"] = options,
                ["spec"] = partition.Spec,
                ["hints"] = hintDict,
                ["stop_after"] = scan.Request.Limit,
                ["source"] = _source.Name,
                ["partition"] = partition.Index,
                ["chunk_bytes"] = executor.ChunkBytes,
            });
        }
        finally
        {
            foreach (var hint in hints) hint.Value.Dispose();
        }
    }

    /// <summary>The next chunk, or null at the end of the partition or when cancelled; throws the partition's failure.</summary>
    private IpcChunk? NextChunk()
    {
        using var gil = worker.EnterPython();
        scan.Releases.Drain(); // the consumer's finished batches, while this thread holds the GIL anyway
        PyObject reply;
        try
        {
            reply = _run!.CallMethod("next");
        }
        catch (PythonException ex)
        {
            throw _source.Failure("read_partition", ex, partition);
        }
        using (reply)
        {
            using var kindObject = Item(reply, 0);
            var kind = kindObject.Str();
            switch (kind)
            {
                case "chunk":
                    return IpcChunk.FromBytes(Item(reply, 1));
                case "end" or "cancelled":
                    return null;
                case "error":
                    using (var report = Item(reply, 1))
                        throw RemoteFailure((IReadOnlyDictionary<string, object?>)PyConvert.FromPython(report)!);
                default:
                    using (var message = Item(reply, 1))
                        throw _source.Failure("read_partition", message.Str(), partition);
            }
        }
    }

    /// <summary>An item of the reply tuple (a new reference). GIL held.</summary>
    private static unsafe PyObject Item(PyObject tuple, int index) =>
        PyObject.Borrow(Python.CPython.CApi.PyTuple_GetItem(tuple.Handle, index));

    /// <summary>The source failed on a worker: its operation, exception and traceback, as in-process (secrets masked).</summary>
    private PythonDataSourceException RemoteFailure(IReadOnlyDictionary<string, object?> report)
    {
        var operation = report["operation"] as string ?? "read_partition";
        var type = report["type"] as string ?? "Exception";
        var message = report["message"] as string ?? "";
        var traceback = report["traceback"] as string ?? "";
        var where = report.TryGetValue("worker", out var w) && w is string address ? $" on Dask worker {address}" : " on a Dask worker";
        if (operation == "import" && type == "ModuleNotFoundError")
            return _source.Failure("import",
                $"{type}: {message}{where}. Fix: make the module importable on the workers (install it there, put it on their " +
                "PYTHONPATH, or upload a single-file module with PythonSourceSettings.DaskUploadFiles).", partition);
        return _source.Failure(operation, new PythonException(type, message, $"Traceback{where}:{Environment.NewLine}{traceback}"), partition);
    }

    /// <summary>Binds and delivers a chunk's batches (no GIL); false when the scan is over.</summary>
    private bool DeliverChunk(IpcChunk chunk, Func<ScanBatch, bool> deliver, long? limit)
    {
        using var batches = chunk.ReadBatches().GetEnumerator();
        while (true)
        {
            ImportedBatch? batch;
            try
            {
                batch = batches.MoveNext() ? batches.Current : null;
            }
            catch (ArrowProtocolException ex)
            {
                throw _source.Failure("read_partition", $"a Dask worker sent a chunk ({chunk.Length} bytes) that is not valid Arrow IPC: {ex.Message}", partition);
            }
            if (batch is null) return true;
            var bound = scan.Binder.Bind(batch, partition, _rows);
            _rows += batch.Length;
            if (!deliver(bound)) return false;
            if (limit is not null && _rows >= limit) return false;
        }
    }

    /// <summary>Token callback: wakes the worker waiting in next() (from a pool thread: this one must not wait for the GIL).</summary>
    private void Cancel() => ThreadPool.UnsafeQueueUserWorkItem(static reader =>
    {
        using var gil = Gil.Acquire();
        lock (reader._sync)
        {
            if (reader._run is null) return;
            try
            {
                using (reader._run.CallMethod("cancel")) { }
            }
            catch (PythonException)
            {
                // The run is ending anyway; the worker's own close reports what matters.
            }
        }
    }, this, preferLocal: false);

    /// <summary>Releases the partition's actor (its generator is closed on the worker); never waits for the cluster.</summary>
    private void Close()
    {
        PyObject? run;
        lock (_sync)
        {
            run = _run;
            _run = null;
        }
        if (run is null) return;
        using var gil = worker.EnterPython();
        try
        {
            using (run.CallMethod("close")) { }
        }
        catch (PythonException ex)
        {
            scan.ReportCleanupFailure(_source.Failure("read_partition", ex, partition));
        }
        finally
        {
            run.Dispose();
            worker.ClearInterrupt();
        }
    }
}
