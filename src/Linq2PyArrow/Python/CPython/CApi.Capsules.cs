namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<nint, byte*, int> PyCapsule_IsValid;        // sets no error on mismatch
    public static delegate* unmanaged<nint, byte*, void*> PyCapsule_GetPointer;   // NULL + ValueError on mismatch
    public static delegate* unmanaged<nint, byte*> PyCapsule_GetName;
    public static delegate* unmanaged<void*, byte*, nint, nint> PyCapsule_New;    // name pointer is not copied

    private static void BindCapsules(SymbolResolver s)
    {
        PyCapsule_IsValid = (delegate* unmanaged<nint, byte*, int>)s.Required("PyCapsule_IsValid");
        PyCapsule_GetPointer = (delegate* unmanaged<nint, byte*, void*>)s.Required("PyCapsule_GetPointer");
        PyCapsule_GetName = (delegate* unmanaged<nint, byte*>)s.Required("PyCapsule_GetName");
        PyCapsule_New = (delegate* unmanaged<void*, byte*, nint, nint>)s.Required("PyCapsule_New");
    }
}
