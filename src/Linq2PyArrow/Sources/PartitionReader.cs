using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

/// <summary>
/// Reads one partition on a worker thread: read_partition, then one batch at a time. The GIL is held only
/// around each call into Python (the call, next(), the capsule export and import), never while the batch is
/// handed on or waits for the consumer, so Python produces the next batch while .NET works on this one.
/// </summary>
internal sealed unsafe class PartitionReader(ParallelScan scan, Partition partition, ParallelScan.WorkerState worker)
{
    private readonly DataSource _source = scan.Source;
    private readonly Func<Apache.Arrow.Schema, bool[]?> _columns = schema => scan.Binder.ColumnsToImport(schema, partition);
    private PyObject? _result;
    private PyObject? _iterator;
    private ArrowStream? _stream;
    private string? _streamType;
    private bool _single;
    private bool _started, _exhausted;
    private long _rows;

    public void Run(Func<ScanBatch, bool> deliver, CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested && Next() is { } batch)
                if (!deliver(batch)) return;
        }
        finally
        {
            Close();
        }
    }

    /// <summary>
    /// The partition's next bound batch (read_partition is called on the first), or null at its end or row limit.
    /// The pull side of <see cref="Run"/>, for a scan read on its consumer's thread; the caller must <see cref="Close"/>.
    /// </summary>
    public ScanBatch? Next()
    {
        if (!_started)
        {
            _started = true;
            Start();
        }
        if (_exhausted || scan.Request.Limit is { } limit && _rows >= limit) return null;
        var batch = NextBatch();
        if (batch is null)
        {
            _exhausted = true;
            return null;
        }
        var bound = scan.Binder.Bind(batch, partition, _rows);
        _rows += batch.Length;
        return bound;
    }

    private void Start()
    {
        using var gil = worker.EnterPython();
        try
        {
            _result = _source.ReadPartition(partition, scan.Request);
        }
        catch (PythonException ex)
        {
            throw _source.Failure("read_partition", ex, partition);
        }
        var kind = CapsuleProtocol.Classify(_result);
        switch (kind)
        {
            case ArrowObjectKind.Stream or ArrowObjectKind.LegacyStream:
                OpenStream(_result, kind, "returned");
                return;
            case ArrowObjectKind.Batch or ArrowObjectKind.LegacyBatch:
                _single = true; // one batch returned instead of an iterator of batches
                return;
        }
        try
        {
            _iterator = _result.GetIter();
        }
        catch (PythonException ex) when (ex.PythonType == "TypeError")
        {
            throw _source.Failure("read_partition",
                $"it returned a '{_result.TypeName()}', which is not iterable. read_partition must return an iterator of Arrow " +
                "record batches (a generator that yields them works) or an object with __arrow_c_stream__.", partition);
        }
    }

    private ImportedBatch? NextBatch()
    {
        while (true)
        {
            if (_stream is not null)
            {
                var fromStream = ReadStream();
                if (fromStream is not null) return fromStream;
                _stream.Dispose();
                _stream = null;
                if (_iterator is null) return null;
            }
            using var gil = worker.EnterPython();
            scan.Releases.Drain(); // the consumer's finished batches, while this thread holds the GIL anyway
            if (_single)
            {
                _single = false;
                _iterator = null;
                return Import(_result!, CapsuleProtocol.Classify(_result!), "returned");
            }
            if (_iterator is null) return null;
            PyObject? item;
            try
            {
                item = _iterator.Next();
            }
            catch (PythonException ex)
            {
                throw _source.Failure("read_partition", ex, partition);
            }
            if (item is null) return null;
            using (item)
            {
                var kind = CapsuleProtocol.Classify(item);
                switch (kind)
                {
                    case ArrowObjectKind.Batch:
                    case ArrowObjectKind.LegacyBatch:
                        return Import(item, kind, "yielded");
                    case ArrowObjectKind.Stream:
                    case ArrowObjectKind.LegacyStream:
                        OpenStream(item, kind, "yielded");
                        continue;
                    default:
                        throw _source.Failure("read_partition",
                            $"it yielded a '{item.TypeName()}', which is not an Arrow record batch. Yield objects that implement " +
                            "__arrow_c_array__ or __arrow_c_stream__ (Arrow PyCapsule protocol: pyarrow, polars, duckdb, " +
                            "nanoarrow, linq2pyarrow.arrow), or pyarrow's _export_to_c.", partition);
                }
            }
        }
    }

    /// <summary>Exports and imports one batch object. <paramref name="how"/> says how read_partition handed it over.</summary>
    private ImportedBatch Import(PyObject item, ArrowObjectKind kind, string how)
    {
        try
        {
            var exported = kind == ArrowObjectKind.Batch ? CapsuleProtocol.ExportBatch(item) : CapsuleProtocol.ExportLegacyBatch(item);
            return ArrowImporter.ImportBatch(exported.Schema, exported.Array, _source.Schemas, _columns);
        }
        catch (PythonException ex)
        {
            throw _source.Failure("read_partition", ex, partition);
        }
        catch (ArrowProtocolException ex)
        {
            throw _source.Failure("read_partition", $"it {how} a '{item.TypeName()}' that breaks the Arrow protocol: {ex.Message}.", partition);
        }
    }

    private void OpenStream(PyObject item, ArrowObjectKind kind, string how)
    {
        _streamType = item.TypeName();
        try
        {
            var stream = kind == ArrowObjectKind.Stream ? CapsuleProtocol.ExportStream(item) : CapsuleProtocol.ExportLegacyStream(item);
            _stream = ArrowStream.Open(stream); // owns the struct from here, released on failure too
        }
        catch (PythonException ex)
        {
            throw _source.Failure("read_partition", ex, partition);
        }
        catch (ArrowProtocolException ex)
        {
            throw _source.Failure("read_partition", $"it {how} a '{_streamType}' that breaks the Arrow protocol: {ex.Message}.", partition);
        }
    }

    /// <summary>get_next without our GIL: C producers run in parallel, Python-backed ones take the GIL themselves.</summary>
    private ImportedBatch? ReadStream()
    {
        scan.Releases.Drain();
        try
        {
            return _stream!.Next(_columns);
        }
        catch (ArrowProtocolException ex)
        {
            throw _source.Failure("read_partition", $"the Arrow stream of a '{_streamType}' failed: {ex.Message}", partition);
        }
    }

    /// <summary>Closes what Python handed us. A generator left early is closed, so its finally blocks run now.</summary>
    public void Close()
    {
        _stream?.Dispose();
        if (_result is null) return;
        using var gil = worker.EnterPython();
        if (!_exhausted && _iterator is not null && _iterator.HasAttr("close"))
        {
            try
            {
                using (_iterator.CallMethod("close")) { }
            }
            catch (PythonException ex)
            {
                // The query is already ending (cancelled, disposed or failed); report only if nothing else failed.
                scan.ReportCleanupFailure(_source.Failure("read_partition", ex, partition));
            }
        }
        _iterator?.Dispose();
        _result.Dispose();
        worker.ClearInterrupt();
    }
}
