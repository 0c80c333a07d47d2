namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<nint, void> Py_IncRef;
    public static delegate* unmanaged<nint, void> Py_DecRef;
    public static delegate* unmanaged<nint, nint> PyImport_ImportModule;          // const char* → new ref
    public static delegate* unmanaged<nint, nint, nint> PyObject_GetAttrString;   // new ref
    public static delegate* unmanaged<nint, nint, nint> PyObject_GetAttr;         // new ref
    public static delegate* unmanaged<nint, nint, nint, int> PyObject_SetAttrString;
    public static delegate* unmanaged<nint, nint> PyObject_Str;                   // new ref
    public static delegate* unmanaged<nint, nint> PyObject_Repr;                  // new ref
    public static delegate* unmanaged<nint, nint> PyObject_Type;                  // new ref
    public static delegate* unmanaged<nint, nint, int> PyObject_IsInstance;       // 1, 0, -1
    public static delegate* unmanaged<nint, int> PyObject_IsTrue;                 // 1, 0, -1
    public static delegate* unmanaged<nint, nint> PyObject_GetIter;               // new ref
    public static delegate* unmanaged<nint, nint> PyIter_Next;                    // new ref, or NULL (check PyErr_Occurred)
    public static delegate* unmanaged<nint, nint> PySys_GetObject;                // borrowed

    public static nint None, True, False;
    public static nint UnicodeType, LongType, FloatType, BoolType, BytesType, ByteArrayType,
                       DictType, ListType, TupleType, CapsuleType, MemoryViewType;

    private static void BindObjects(SymbolResolver s)
    {
        Py_IncRef = (delegate* unmanaged<nint, void>)s.Required("Py_IncRef");
        Py_DecRef = (delegate* unmanaged<nint, void>)s.Required("Py_DecRef");
        PyImport_ImportModule = (delegate* unmanaged<nint, nint>)s.Required("PyImport_ImportModule");
        PyObject_GetAttrString = (delegate* unmanaged<nint, nint, nint>)s.Required("PyObject_GetAttrString");
        PyObject_GetAttr = (delegate* unmanaged<nint, nint, nint>)s.Required("PyObject_GetAttr");
        PyObject_SetAttrString = (delegate* unmanaged<nint, nint, nint, int>)s.Required("PyObject_SetAttrString");
        PyObject_Str = (delegate* unmanaged<nint, nint>)s.Required("PyObject_Str");
        PyObject_Repr = (delegate* unmanaged<nint, nint>)s.Required("PyObject_Repr");
        PyObject_Type = (delegate* unmanaged<nint, nint>)s.Required("PyObject_Type");
        PyObject_IsInstance = (delegate* unmanaged<nint, nint, int>)s.Required("PyObject_IsInstance");
        PyObject_IsTrue = (delegate* unmanaged<nint, int>)s.Required("PyObject_IsTrue");
        PyObject_GetIter = (delegate* unmanaged<nint, nint>)s.Required("PyObject_GetIter");
        PyIter_Next = (delegate* unmanaged<nint, nint>)s.Required("PyIter_Next");
        PySys_GetObject = (delegate* unmanaged<nint, nint>)s.Required("PySys_GetObject");

        None = s.Required("_Py_NoneStruct");
        True = s.Required("_Py_TrueStruct");
        False = s.Required("_Py_FalseStruct");
        UnicodeType = s.Required("PyUnicode_Type");
        LongType = s.Required("PyLong_Type");
        FloatType = s.Required("PyFloat_Type");
        BoolType = s.Required("PyBool_Type");
        BytesType = s.Required("PyBytes_Type");
        ByteArrayType = s.Required("PyByteArray_Type");
        DictType = s.Required("PyDict_Type");
        ListType = s.Required("PyList_Type");
        TupleType = s.Required("PyTuple_Type");
        CapsuleType = s.Required("PyCapsule_Type");
        MemoryViewType = s.Required("PyMemoryView_Type");
    }
}
