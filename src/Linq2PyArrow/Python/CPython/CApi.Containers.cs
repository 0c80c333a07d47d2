namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<nint, nint> PyTuple_New;
    public static delegate* unmanaged<nint, nint, nint, int> PyTuple_SetItem;     // steals the item, even on failure
    public static delegate* unmanaged<nint, nint, nint> PyTuple_GetItem;          // borrowed
    public static delegate* unmanaged<nint, nint> PyTuple_Size;
    public static delegate* unmanaged<nint, nint> PyList_New;
    public static delegate* unmanaged<nint, nint, nint, int> PyList_SetItem;      // steals
    public static delegate* unmanaged<nint, nint, nint> PyList_GetItem;           // borrowed
    public static delegate* unmanaged<nint, nint> PyList_Size;
    public static delegate* unmanaged<nint> PyDict_New;
    public static delegate* unmanaged<nint, nint, nint, int> PyDict_SetItem;      // does not steal
    public static delegate* unmanaged<nint, nint, nint> PyDict_GetItemWithError;  // borrowed
    public static delegate* unmanaged<nint, nint*, nint*, nint*, int> PyDict_Next; // borrowed key/value
    public static delegate* unmanaged<nint, nint> PyDict_Size;
    public static delegate* unmanaged<nint, nint> PySequence_List;                // new ref

    private static void BindContainers(SymbolResolver s)
    {
        PyTuple_New = (delegate* unmanaged<nint, nint>)s.Required("PyTuple_New");
        PyTuple_SetItem = (delegate* unmanaged<nint, nint, nint, int>)s.Required("PyTuple_SetItem");
        PyTuple_GetItem = (delegate* unmanaged<nint, nint, nint>)s.Required("PyTuple_GetItem");
        PyTuple_Size = (delegate* unmanaged<nint, nint>)s.Required("PyTuple_Size");
        PyList_New = (delegate* unmanaged<nint, nint>)s.Required("PyList_New");
        PyList_SetItem = (delegate* unmanaged<nint, nint, nint, int>)s.Required("PyList_SetItem");
        PyList_GetItem = (delegate* unmanaged<nint, nint, nint>)s.Required("PyList_GetItem");
        PyList_Size = (delegate* unmanaged<nint, nint>)s.Required("PyList_Size");
        PyDict_New = (delegate* unmanaged<nint>)s.Required("PyDict_New");
        PyDict_SetItem = (delegate* unmanaged<nint, nint, nint, int>)s.Required("PyDict_SetItem");
        PyDict_GetItemWithError = (delegate* unmanaged<nint, nint, nint>)s.Required("PyDict_GetItemWithError");
        PyDict_Next = (delegate* unmanaged<nint, nint*, nint*, nint*, int>)s.Required("PyDict_Next");
        PyDict_Size = (delegate* unmanaged<nint, nint>)s.Required("PyDict_Size");
        PySequence_List = (delegate* unmanaged<nint, nint>)s.Required("PySequence_List");
    }
}
