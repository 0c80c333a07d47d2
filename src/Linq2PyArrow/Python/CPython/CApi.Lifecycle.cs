namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<int> Py_IsInitialized;
    public static delegate* unmanaged<int, void> Py_InitializeEx;
    public static delegate* unmanaged<nint, void> Py_SetProgramName; // optional: wchar_t* (UTF-32 on Linux)
    public static delegate* unmanaged<nint> Py_GetVersion;
    public static delegate* unmanaged<int> Py_IsFinalizing;           // Py_IsFinalizing (3.13+) or _Py_IsFinalizing
    public static delegate* unmanaged<nint> PyInterpreterState_Get;

    private static void BindLifecycle(SymbolResolver s)
    {
        Py_IsInitialized = (delegate* unmanaged<int>)s.Required("Py_IsInitialized");
        Py_InitializeEx = (delegate* unmanaged<int, void>)s.Required("Py_InitializeEx");
        Py_SetProgramName = (delegate* unmanaged<nint, void>)s.Optional("Py_SetProgramName");
        Py_GetVersion = (delegate* unmanaged<nint>)s.Required("Py_GetVersion");
        var finalizing = s.Optional("Py_IsFinalizing");
        Py_IsFinalizing = (delegate* unmanaged<int>)(finalizing != 0 ? finalizing : s.Required("_Py_IsFinalizing"));
        PyInterpreterState_Get = (delegate* unmanaged<nint>)s.Required("PyInterpreterState_Get");
    }
}
