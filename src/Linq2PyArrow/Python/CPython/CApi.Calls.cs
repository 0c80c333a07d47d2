namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<nint, nint> PyObject_CallNoArgs;            // 3.9+
    public static delegate* unmanaged<nint, nint, nint, nint> PyObject_Call;      // (callable, tuple, dict|NULL)
    public static delegate* unmanaged<nint, nint*, nuint, nint, nint> PyObject_Vectorcall; // optional (3.11+)
    public static delegate* unmanaged<nint, int, nint, nint, nint> PyRun_String;  // (code, start, globals, locals)

    /// <summary>Set on nargsf: the callee may use args[-1] as scratch space, which saves it a copy.</summary>
    public const ulong PY_VECTORCALL_ARGUMENTS_OFFSET = 1UL << 63;
    public const int Py_file_input = 257;
    public const int Py_eval_input = 258;

    private static void BindCalls(SymbolResolver s)
    {
        PyObject_CallNoArgs = (delegate* unmanaged<nint, nint>)s.Required("PyObject_CallNoArgs");
        PyObject_Call = (delegate* unmanaged<nint, nint, nint, nint>)s.Required("PyObject_Call");
        PyObject_Vectorcall = (delegate* unmanaged<nint, nint*, nuint, nint, nint>)s.Optional("PyObject_Vectorcall");
        PyRun_String = (delegate* unmanaged<nint, int, nint, nint, nint>)s.Required("PyRun_String");
    }
}
