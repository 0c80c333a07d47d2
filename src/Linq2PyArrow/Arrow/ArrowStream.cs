using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.C;

namespace Linq2PyArrow.Arrow;

/// <summary>The C ArrowArrayStream with its callbacks visible (Apache.Arrow keeps them internal).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CStream
{
    public delegate* unmanaged<CStream*, CArrowSchema*, int> GetSchema;
    public delegate* unmanaged<CStream*, CArrowArray*, int> GetNext;
    public delegate* unmanaged<CStream*, byte*> GetLastError;
    public delegate* unmanaged<CStream*, void> Release;
    public void* PrivateData;
}

/// <summary>
/// An imported ArrowArrayStream (a moved struct we own), read batch by batch through the same validated,
/// zero-copy import as single batches. Not Apache.Arrow's stream importer: that one skips validation and
/// imports with per-buffer GC pressure. Callbacks are called without our GIL: C producers run in parallel,
/// Python-backed ones take the GIL themselves. Not thread-safe (the C stream isn't either).
/// </summary>
internal sealed unsafe class ArrowStream : IDisposable
{
    private readonly StreamHandle _handle;

    private ArrowStream(StreamHandle handle, Schema schema)
    {
        _handle = handle;
        Schema = schema;
    }

    public Schema Schema { get; }

    /// <summary>Takes ownership of a moved stream struct (allocated with <see cref="Allocate"/>) and reads its schema.</summary>
    public static ArrowStream Open(CStream* stream)
    {
        var handle = new StreamHandle(stream);
        try
        {
            if (stream->GetSchema == null || stream->GetNext == null || stream->Release == null)
                throw new ArrowProtocolException("its ArrowArrayStream has a NULL get_schema, get_next or release callback");
            var schema = CArrowSchema.Create();
            var status = stream->GetSchema(stream, schema);
            if (status != 0)
            {
                CArrowSchema.Free(schema);
                throw Failed(stream, "get_schema", status);
            }
            return new ArrowStream(handle, ArrowImporter.ImportSchema(schema));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Zeroed memory for a stream struct (released and freed by <see cref="ArrowStream"/> or <see cref="Free"/>).</summary>
    public static CStream* Allocate() => (CStream*)NativeMemory.AllocZeroed((nuint)sizeof(CStream));

    /// <summary>Releases (if still live) and frees a stream struct that was never opened.</summary>
    public static void Free(CStream* stream)
    {
        if (stream == null) return;
        if (stream->Release != null) stream->Release(stream);
        NativeMemory.Free(stream);
    }

    /// <summary>The next batch, or null at the end of the stream.</summary>
    /// <param name="columns">Which columns to import, per schema (see <see cref="ArrowImporter.ImportBatch(Schema, CArrowArray*, Func{Schema, bool[]}?)"/>).</param>
    public ImportedBatch? Next(Func<Schema, bool[]?>? columns = null)
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            var stream = _handle.Stream;
            var array = CArrowArray.Create();
            int status;
            try
            {
                status = stream->GetNext(stream, array);
            }
            catch
            {
                CArrowArray.Free(array);
                throw;
            }
            if (status != 0)
            {
                CArrowArray.Free(array);
                throw Failed(stream, "get_next", status);
            }
            if (CDataStructs.IsReleased(array, CDataStructs.ArrayReleaseOffset))
            {
                CArrowArray.Free(array); // end of stream: a released array
                return null;
            }
            return ArrowImporter.ImportBatch(Schema, array, columns);
        }
        finally
        {
            if (added) _handle.DangerousRelease();
        }
    }

    public void Dispose() => _handle.Dispose();

    private static ArrowProtocolException Failed(CStream* stream, string callback, int status)
    {
        var error = stream->GetLastError == null ? null : stream->GetLastError(stream);
        var text = error == null ? "no error message" : Marshal.PtrToStringUTF8((nint)error);
        return new ArrowProtocolException($"{callback} returned error {status} ({ErrorName(status)}): {text}");
    }

    private static string ErrorName(int status) => status switch
    {
        5 => "EIO",
        12 => "ENOMEM",
        22 => "EINVAL",
        95 => "ENOTSUP",
        _ => "errno",
    };

    /// <summary>Releases the producer's stream exactly once, from Dispose or the finalizer.</summary>
    private sealed class StreamHandle : SafeHandle
    {
        public StreamHandle(CStream* stream) : base(0, ownsHandle: true) => SetHandle((nint)stream);

        public override bool IsInvalid => handle == 0;

        public CStream* Stream => (CStream*)handle;

        protected override bool ReleaseHandle()
        {
            Free((CStream*)handle);
            return true;
        }
    }
}
