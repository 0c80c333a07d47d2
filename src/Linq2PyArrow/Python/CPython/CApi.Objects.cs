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
    public static delegate* unmanaged<nint, nint, nint> PyObject_GetItem;         // o[key], new ref
    public static delegate* unmanaged<nint, nint, int> PyObject_IsInstance;       // 1, 0, -1
    public static delegate* unmanaged<nint, int> PyObject_IsTrue;                 // 1, 0, -1
    public static delegate* unmanaged<nint, nint> PyObject_GetIter;               // new ref
    public static delegate* unmanaged<nint, nint> PyIter_Next;                    // new ref, or NULL (check PyErr_Occurred)
    public static delegate* unmanaged<nint, nint> PySys_GetObject;                // borrowed

    /// <summary>The singletons; set by <see cref="BindConstants"/> once the interpreter is initialized.</summary>
    public static nint None, True, False;
    private static delegate* unmanaged<uint, nint> Py_GetConstantBorrowed;           // optional (3.13+)
    private static nint s_noneStruct, s_trueStruct, s_falseStruct;
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
        PyObject_GetItem = (delegate* unmanaged<nint, nint, nint>)s.Required("PyObject_GetItem");
        PyObject_IsInstance = (delegate* unmanaged<nint, nint, int>)s.Required("PyObject_IsInstance");
        PyObject_IsTrue = (delegate* unmanaged<nint, int>)s.Required("PyObject_IsTrue");
        PyObject_GetIter = (delegate* unmanaged<nint, nint>)s.Required("PyObject_GetIter");
        PyIter_Next = (delegate* unmanaged<nint, nint>)s.Required("PyIter_Next");
        PySys_GetObject = (delegate* unmanaged<nint, nint>)s.Required("PySys_GetObject");

        // 3.13+ offers the singletons through a function, which the limited API and free-threaded builds use; the
        // _Py_*Struct data symbols are the only way on 3.9–3.12. Prefer the function so the binding does not depend
        // on data symbols that later versions may stop exporting.
        Py_GetConstantBorrowed = (delegate* unmanaged<uint, nint>)s.Optional("Py_GetConstantBorrowed");
        if (Py_GetConstantBorrowed == null)
        {
            s_noneStruct = s.Required("_Py_NoneStruct");
            s_trueStruct = s.Required("_Py_TrueStruct");
            s_falseStruct = s.Required("_Py_FalseStruct");
        }
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

    /// <summary>Resolves None/True/False. Called on the owner thread right after Py_InitializeEx.</summary>
    public static void BindConstants()
    {
        const uint Py_CONSTANT_NONE = 0, Py_CONSTANT_FALSE = 1, Py_CONSTANT_TRUE = 2;
        if (Py_GetConstantBorrowed != null)
        {
            None = Py_GetConstantBorrowed(Py_CONSTANT_NONE);
            False = Py_GetConstantBorrowed(Py_CONSTANT_FALSE);
            True = Py_GetConstantBorrowed(Py_CONSTANT_TRUE);
        }
        else
        {
            (None, True, False) = (s_noneStruct, s_trueStruct, s_falseStruct);
        }
    }
}
