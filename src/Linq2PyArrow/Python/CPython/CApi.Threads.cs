namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<nint, nint> PyThreadState_New;
    public static delegate* unmanaged<nint> PyThreadState_Get;                     // current state; fatal if none
    public static delegate* unmanaged<nint, void> PyThreadState_Clear;
    public static delegate* unmanaged<nint, void> PyThreadState_Delete;
    public static delegate* unmanaged<nint, void> PyEval_RestoreThread;
    public static delegate* unmanaged<nint> PyEval_SaveThread;
    public static delegate* unmanaged<int> PyGILState_Check;
    public static delegate* unmanaged<int> PyGILState_Ensure;
    public static delegate* unmanaged<int, void> PyGILState_Release;
    // SuppressGCTransition: a thread-local read that never blocks nor calls back, asked on every outermost acquire,
    // where the managed/native transition (~130 instructions under callgrind) would cost more than the call itself.
    public static delegate* unmanaged[SuppressGCTransition]<nint> PyGILState_GetThisThreadState; // this thread's GILState binding
    public static delegate* unmanaged<nuint> PyThread_get_thread_ident;
    public static delegate* unmanaged<nuint, nint, int> PyThreadState_SetAsyncExc;

    /// <summary>
    /// The attached thread state, or 0 (never fatal): PyThreadState_GetUnchecked (3.13+) or _PyThreadState_UncheckedGet.
    /// On 3.12+ it is this thread's own (a thread-local); on 3.9–3.11 it is the process-wide GIL holder, whichever
    /// thread that is (see <see cref="ThreadStateIsThreadLocal"/>).
    /// </summary>
    public static delegate* unmanaged[SuppressGCTransition]<nint> PyThreadState_GetUnchecked;

    /// <summary>True from 3.12 on, where <see cref="PyThreadState_GetUnchecked"/> answers for the calling thread only.</summary>
    public static bool ThreadStateIsThreadLocal;

    private static void BindThreads(SymbolResolver s)
    {
        PyThreadState_New = (delegate* unmanaged<nint, nint>)s.Required("PyThreadState_New");
        PyThreadState_Get = (delegate* unmanaged<nint>)s.Required("PyThreadState_Get");
        PyThreadState_Clear = (delegate* unmanaged<nint, void>)s.Required("PyThreadState_Clear");
        PyThreadState_Delete = (delegate* unmanaged<nint, void>)s.Required("PyThreadState_Delete");
        PyEval_RestoreThread = (delegate* unmanaged<nint, void>)s.Required("PyEval_RestoreThread");
        PyEval_SaveThread = (delegate* unmanaged<nint>)s.Required("PyEval_SaveThread");
        PyGILState_Check = (delegate* unmanaged<int>)s.Required("PyGILState_Check");
        PyGILState_Ensure = (delegate* unmanaged<int>)s.Required("PyGILState_Ensure");
        PyGILState_Release = (delegate* unmanaged<int, void>)s.Required("PyGILState_Release");
        PyGILState_GetThisThreadState = (delegate* unmanaged[SuppressGCTransition]<nint>)s.Required("PyGILState_GetThisThreadState");
        PyThread_get_thread_ident = (delegate* unmanaged<nuint>)s.Required("PyThread_get_thread_ident");
        PyThreadState_SetAsyncExc = (delegate* unmanaged<nuint, nint, int>)s.Required("PyThreadState_SetAsyncExc");
        var unchecked_ = s.Optional("PyThreadState_GetUnchecked");
        PyThreadState_GetUnchecked = (delegate* unmanaged[SuppressGCTransition]<nint>)(unchecked_ != 0 ? unchecked_ : s.Required("_PyThreadState_UncheckedGet"));
        ThreadStateIsThreadLocal = MinorVersion >= 12;
    }
}
