using System.Runtime.InteropServices;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// An owned (strong) reference to a Python object. Dispose it under the GIL to decref at once; dropped without
/// Dispose, or disposed on a thread without the GIL, its decref is queued and runs later under the GIL, so
/// finalizers never block. All members must be called with the GIL held.
/// </summary>
internal sealed partial class PyObject : SafeHandle
{
    private PyObject(nint reference) : base(0, ownsHandle: true) => SetHandle(reference);

    /// <summary>Takes ownership of a new reference; a NULL result means the call failed and a Python error is set.</summary>
    public static PyObject Steal(nint newReference) =>
        newReference != 0 ? new PyObject(newReference) : throw PythonErrors.Fetch();

    /// <summary>Takes a new strong reference to a borrowed one.</summary>
    public static unsafe PyObject Borrow(nint borrowedReference)
    {
        if (borrowedReference == 0) throw PythonErrors.Fetch();
        CApi.Py_IncRef(borrowedReference);
        return new PyObject(borrowedReference);
    }

    public static PyObject None => Borrow(CApi.None);

    /// <summary>The raw PyObject*; valid while this handle is alive and not disposed.</summary>
    public nint Handle => handle;

    public override bool IsInvalid => handle == 0;

    public bool IsNone => handle == CApi.None;

    /// <summary>Gives up ownership: the caller now owns the reference (e.g. to pass it to a stealing API).</summary>
    public nint DetachNewReference()
    {
        var reference = handle;
        SetHandleAsInvalid();
        GC.SuppressFinalize(this);
        return reference;
    }

    protected override unsafe bool ReleaseHandle()
    {
        if (Gil.IsHeld) CApi.Py_DecRef(handle);
        else DeferredDecRefs.Enqueue(handle);
        return true;
    }
}
