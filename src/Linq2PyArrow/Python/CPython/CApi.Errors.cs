namespace Linq2PyArrow.Python.CPython;

internal static unsafe partial class CApi
{
    public static delegate* unmanaged<nint> PyErr_Occurred;                        // borrowed type or NULL
    public static delegate* unmanaged<nint*, nint*, nint*, void> PyErr_Fetch;      // new refs; bound on 3.9–3.11 only
    public static delegate* unmanaged<nint*, nint*, nint*, void> PyErr_NormalizeException;
    public static delegate* unmanaged<nint, nint, nint, void> PyErr_Restore;       // steals
    public static delegate* unmanaged<nint> PyErr_GetRaisedException;              // optional (3.12+), new ref
    public static delegate* unmanaged<nint, void> PyErr_SetRaisedException;        // optional (3.12+), steals
    public static delegate* unmanaged<void> PyErr_Clear;
    public static delegate* unmanaged<nint, nint, void> PyErr_SetString;           // (type, const char*)
    public static delegate* unmanaged<nint, nint, int> PyErr_GivenExceptionMatches;
    public static delegate* unmanaged<nint, nint, int> PyException_SetTraceback;
    public static delegate* unmanaged<nint, int> PyErr_ExceptionMatches;             // pending error is a subclass of

    public static nint PyExc_BaseException, PyExc_Exception, PyExc_KeyboardInterrupt, PyExc_SystemExit,
                       PyExc_GeneratorExit, PyExc_RuntimeError, PyExc_TypeError, PyExc_ValueError, PyExc_AttributeError;

    private static void BindErrors(SymbolResolver s)
    {
        PyErr_Occurred = (delegate* unmanaged<nint>)s.Required("PyErr_Occurred");
        PyErr_GetRaisedException = (delegate* unmanaged<nint>)s.Optional("PyErr_GetRaisedException");
        PyErr_SetRaisedException = (delegate* unmanaged<nint, void>)s.Optional("PyErr_SetRaisedException");
        if (PyErr_GetRaisedException == null || PyErr_SetRaisedException == null)
        {
            // 3.9–3.11 only: the triple API is deprecated from 3.12 on and may be removed later.
            PyErr_GetRaisedException = null;
            PyErr_SetRaisedException = null;
            PyErr_Fetch = (delegate* unmanaged<nint*, nint*, nint*, void>)s.Required("PyErr_Fetch");
            PyErr_NormalizeException = (delegate* unmanaged<nint*, nint*, nint*, void>)s.Required("PyErr_NormalizeException");
            PyErr_Restore = (delegate* unmanaged<nint, nint, nint, void>)s.Required("PyErr_Restore");
        }
        PyErr_ExceptionMatches = (delegate* unmanaged<nint, int>)s.Required("PyErr_ExceptionMatches");
        PyErr_Clear = (delegate* unmanaged<void>)s.Required("PyErr_Clear");
        PyErr_SetString = (delegate* unmanaged<nint, nint, void>)s.Required("PyErr_SetString");
        PyErr_GivenExceptionMatches = (delegate* unmanaged<nint, nint, int>)s.Required("PyErr_GivenExceptionMatches");
        PyException_SetTraceback = (delegate* unmanaged<nint, nint, int>)s.Required("PyException_SetTraceback");

        PyExc_BaseException = s.RequiredObjectVariable("PyExc_BaseException");
        PyExc_Exception = s.RequiredObjectVariable("PyExc_Exception");
        PyExc_KeyboardInterrupt = s.RequiredObjectVariable("PyExc_KeyboardInterrupt");
        PyExc_SystemExit = s.RequiredObjectVariable("PyExc_SystemExit");
        PyExc_GeneratorExit = s.RequiredObjectVariable("PyExc_GeneratorExit");
        PyExc_RuntimeError = s.RequiredObjectVariable("PyExc_RuntimeError");
        PyExc_TypeError = s.RequiredObjectVariable("PyExc_TypeError");
        PyExc_ValueError = s.RequiredObjectVariable("PyExc_ValueError");
        PyExc_AttributeError = s.RequiredObjectVariable("PyExc_AttributeError");
    }
}
