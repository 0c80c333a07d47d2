using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// An owned (new) reference that lives on the stack: no allocation and no finalizer, for hot paths that use a
/// result briefly under the GIL. A <see cref="PyObject"/> costs ~60 ns more per object, almost all of it the
/// CLR's registration of a finalizable object (measured in GilBenchmarks). The price: nothing releases a PyRef
/// that is never disposed, so always declare it with <c>using</c>; <see cref="ToPyObject"/> moves the reference
/// into a regular handle when it must outlive the current scope.
/// </summary>
internal ref struct PyRef : IDisposable
{
    private nint _handle;

    private PyRef(nint handle) => _handle = handle;

    /// <summary>Takes ownership of a new reference; a NULL result means the call failed and a Python error is set.</summary>
    public static PyRef Steal(nint newReference) =>
        newReference != 0 ? new PyRef(newReference) : throw PythonErrors.Fetch();

    /// <summary>The raw PyObject*; valid until disposed or moved.</summary>
    public readonly nint Handle => _handle;

    public readonly bool IsNone => _handle == CApi.None;

    /// <summary>Moves the reference into a <see cref="PyObject"/>; this PyRef is empty afterwards.</summary>
    public PyObject ToPyObject()
    {
        var handle = _handle;
        _handle = 0;
        return PyObject.Steal(handle);
    }

    /// <summary>Decrefs now when this thread holds the GIL, else queues the decref like a dropped PyObject.</summary>
    public unsafe void Dispose()
    {
        var handle = _handle;
        _handle = 0;
        if (handle == 0) return;
        if (Gil.IsHeld) CApi.Py_DecRef(handle);
        else DeferredDecRefs.Enqueue(handle);
    }
}
