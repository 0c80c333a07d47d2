using System.Buffers;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// An Arrow IPC stream held in a Python <c>bytes</c> object, read in place: Apache.Arrow's stream reader over this
/// memory wraps every buffer as a slice of it, so the batches it returns point into the bytes object and nothing is
/// copied. CPython never moves a bytes object's storage, so the pointer stays valid while the object lives; the
/// chunk holds a reference until the reader and every batch read from it are released (counted, the last one
/// drops the reference, with or without the GIL).
/// </summary>
internal sealed unsafe class IpcChunk : MemoryManager<byte>
{
    private readonly PyObject _bytes;
    private readonly byte* _data;
    private readonly int _length;
    private int _references = 1; // the reader's own, dropped by ReadBatches when it is done

    private IpcChunk(PyObject bytes, byte* data, int length)
    {
        _bytes = bytes;
        _data = data;
        _length = length;
    }

    /// <summary>Takes ownership of a Python bytes object. GIL held.</summary>
    public static IpcChunk FromBytes(PyObject bytes)
    {
        byte* data;
        nint length;
        if (CApi.PyBytes_AsStringAndSize(bytes.Handle, &data, &length) != 0)
        {
            bytes.Dispose();
            throw PythonErrors.Fetch();
        }
        if (length > int.MaxValue)
        {
            bytes.Dispose();
            throw new ArrowProtocolException($"an Arrow IPC chunk of {length} bytes is larger than 2 GiB; use smaller batches");
        }
        return new IpcChunk(bytes, data, (int)length);
    }

    public int Length => _length;

    /// <summary>
    /// Reads every record batch; each owns a reference to the chunk and releases it when disposed. The chunk's own
    /// reference is released at the end (or on failure), so the bytes go once the last batch does.
    /// </summary>
    public IEnumerable<ImportedBatch> ReadBatches()
    {
        try
        {
            using var reader = new ArrowStreamReader(Memory);
            while (true)
            {
                RecordBatch? batch;
                try
                {
                    batch = reader.ReadNextRecordBatch();
                }
                catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or NotSupportedException
                                               or NotImplementedException or ArgumentException or OverflowException or IndexOutOfRangeException)
                {
                    throw new ArrowProtocolException($"the Arrow IPC stream could not be read: {ex.Message}", ex);
                }
                if (batch is null) yield break;
                Interlocked.Increment(ref _references);
                yield return new ImportedBatch(batch, new Lease(this));
            }
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) _bytes.Dispose(); // no GIL: the decref is queued
    }

    public override Span<byte> GetSpan() => new(_data, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_data + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }

    /// <summary>One batch's reference to the chunk: released once, however often disposed.</summary>
    private sealed class Lease(IpcChunk chunk) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) chunk.Release();
        }
    }
}
