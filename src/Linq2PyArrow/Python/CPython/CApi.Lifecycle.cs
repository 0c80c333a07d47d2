namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<int> Py_IsInitialized;
    public static delegate* unmanaged<int, void> Py_InitializeEx;
    public static delegate* unmanaged<nint, void> Py_SetProgramName; // optional: wchar_t* (UTF-32 on Linux); removed in 3.16
    public static delegate* unmanaged<nint> Py_GetVersion;
    public static delegate* unmanaged<int> Py_IsFinalizing;           // Py_IsFinalizing (3.13+) or _Py_IsFinalizing
    public static delegate* unmanaged<nint> PyInterpreterState_Get;
    public static delegate* unmanaged<nint> PyInterpreterState_Main;  // needs no thread state, unlike _Get (adoption)

    // PEP 741 (3.14+): the only string-keyed, ABI-stable way to configure init once Py_SetProgramName is gone.
    public static delegate* unmanaged<nint> PyInitConfig_Create;
    public static delegate* unmanaged<nint, void> PyInitConfig_Free;
    public static delegate* unmanaged<nint, byte*, byte*, int> PyInitConfig_SetStr;
    public static delegate* unmanaged<nint, byte*, long, int> PyInitConfig_SetInt;
    public static delegate* unmanaged<nint, byte**, int> PyInitConfig_GetError;
    public static delegate* unmanaged<nint, int> Py_InitializeFromInitConfig;

    private static void BindLifecycle(SymbolResolver s)
    {
        Py_IsInitialized = (delegate* unmanaged<int>)s.Required("Py_IsInitialized");
        Py_InitializeEx = (delegate* unmanaged<int, void>)s.Required("Py_InitializeEx");
        Py_SetProgramName = (delegate* unmanaged<nint, void>)s.Optional("Py_SetProgramName");
        Py_GetVersion = (delegate* unmanaged<nint>)s.Required("Py_GetVersion");
        var finalizing = s.Optional("Py_IsFinalizing");
        Py_IsFinalizing = (delegate* unmanaged<int>)(finalizing != 0 ? finalizing : s.Required("_Py_IsFinalizing"));
        PyInterpreterState_Get = (delegate* unmanaged<nint>)s.Required("PyInterpreterState_Get");
        PyInterpreterState_Main = (delegate* unmanaged<nint>)s.Required("PyInterpreterState_Main");

        PyInitConfig_Create = (delegate* unmanaged<nint>)s.Optional("PyInitConfig_Create");
        PyInitConfig_Free = (delegate* unmanaged<nint, void>)s.Optional("PyInitConfig_Free");
        PyInitConfig_SetStr = (delegate* unmanaged<nint, byte*, byte*, int>)s.Optional("PyInitConfig_SetStr");
        PyInitConfig_SetInt = (delegate* unmanaged<nint, byte*, long, int>)s.Optional("PyInitConfig_SetInt");
        PyInitConfig_GetError = (delegate* unmanaged<nint, byte**, int>)s.Optional("PyInitConfig_GetError");
        Py_InitializeFromInitConfig = (delegate* unmanaged<nint, int>)s.Optional("Py_InitializeFromInitConfig");
    }

    public static bool HasInitConfigApi =>
        PyInitConfig_Create != null && PyInitConfig_Free != null && PyInitConfig_SetStr != null &&
        PyInitConfig_SetInt != null && PyInitConfig_GetError != null && Py_InitializeFromInitConfig != null;
}
