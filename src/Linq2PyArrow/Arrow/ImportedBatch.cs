using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.C;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// An imported record batch and what keeps its memory: disposing it runs the producer's release callback,
/// exactly once, on the disposing thread (or on the finalizer thread if it is never disposed). Nothing may
/// read the batch's buffers after that, which is why batches never leave the engine.
/// </summary>
internal sealed class ImportedBatch : IDisposable
{
    private readonly IDisposable _owner;

    public ImportedBatch(RecordBatch batch, IDisposable owner)
    {
        Batch = batch;
        _owner = owner;
    }

    public RecordBatch Batch { get; }
    public int Length => Batch.Length;

    /// <summary>Idempotent: both owners (our handle, Apache.Arrow's ref-counted buffers) release once.</summary>
    public void Dispose() => _owner.Dispose();
}

/// <summary>
/// A moved top-level ArrowArray in memory we allocated. A SafeHandle, so that release happens exactly once,
/// is never raced by a finalizer while a reader holds the batch, and still happens (on the finalizer thread)
/// for a batch that is dropped without Dispose. The producer's release may take the GIL; the finalizer thread
/// then waits for it like any other thread, and nothing in the library waits for finalizers.
/// </summary>
internal sealed unsafe class ImportedArrayHandle : SafeHandle
{
    public ImportedArrayHandle(CArrowArray* array) : base(0, ownsHandle: true) => SetHandle((nint)array);

    public override bool IsInvalid => handle == 0;

    public CArrowArray* Array => (CArrowArray*)handle;

    /// <summary>Calls the producer's release (moved structs keep it), then frees our copy of the struct.</summary>
    protected override bool ReleaseHandle()
    {
        CArrowArray.Free((CArrowArray*)handle);
        return true;
    }
}
