using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// Turns the current Python error into a <see cref="PythonException"/>, eagerly: the text is formatted under the
/// GIL right away and the Python objects are dropped, so the .NET exception never needs Python later.
/// 3.12+ uses PyErr_GetRaisedException; 3.9–3.11 use PyErr_Fetch + PyErr_NormalizeException, because
/// errors raised from C (a KeyError from a dict, a capsule name mismatch) arrive unnormalized there.
/// </summary>
internal static class PythonErrors
{
    // Describing an exception calls into Python, which can fail and be described in turn; past this depth only
    // the cheapest description is attempted, so a persistently failing formatter cannot recurse without end.
    private const int MaxDescribeDepth = 2;
    [ThreadStatic] private static int t_describeDepth;

    /// <summary>Captures and clears the pending Python error. Call right after a C-API call reported failure.</summary>
    public static unsafe PythonException Fetch()
    {
        var exception = TakeRaised();
        if (exception == 0)
            return new PythonException("SystemError", "a Python C-API call failed without setting an exception", "");
        t_describeDepth++;
        try
        {
            return t_describeDepth > MaxDescribeDepth
                ? new PythonException("<unknown exception type>", "<the exception could not be described>", "")
                : Describe(exception);
        }
        finally
        {
            t_describeDepth--;
            CApi.Py_DecRef(exception);
        }
    }

    public static void Check(int status)
    {
        if (status < 0) throw Fetch();
    }

    /// <summary>
    /// Takes the pending exception object (a new reference, traceback attached) and clears the indicator.
    /// PyErr_Fetch is deprecated from 3.12 on, so it is only bound, and used, where GetRaisedException is missing.
    /// </summary>
    private static unsafe nint TakeRaised()
    {
        if (CApi.PyErr_GetRaisedException != null) return CApi.PyErr_GetRaisedException();
        nint type, value, traceback;
        CApi.PyErr_Fetch(&type, &value, &traceback);
        if (type == 0) return 0;
        CApi.PyErr_NormalizeException(&type, &value, &traceback);
        if (traceback != 0 && value != 0) CApi.PyException_SetTraceback(value, traceback);
        CApi.Py_DecRef(type);
        CApi.Py_DecRef(traceback);
        return value;
    }

    private static PythonException Describe(nint exception)
    {
        using var value = PyObject.Borrow(exception);
        string typeName, message, traceback;
        try
        {
            typeName = value.TypeName();
        }
        catch (PythonException)
        {
            typeName = "<unknown exception type>";
        }
        try
        {
            message = value.Str();
        }
        catch (PythonException)
        {
            message = "<str() of the exception failed>";
        }
        try
        {
            traceback = PythonTypes.FormatException(value);
        }
        catch (PythonException)
        {
            traceback = $"{typeName}: {message}";
        }
        return new PythonException(typeName, message, traceback);
    }

    /// <summary>Sets a Python exception of the given type (e.g. to report a .NET failure to Python code).</summary>
    public static unsafe void Raise(nint exceptionType, string message)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message + "\0");
        fixed (byte* p = bytes) CApi.PyErr_SetString(exceptionType, (nint)p);
    }

    /// <summary>Saves the pending error (if any) and restores it on dispose.</summary>
    public static unsafe SavedError Save()
    {
        if (CApi.PyErr_Occurred() == 0) return default;
        if (CApi.PyErr_GetRaisedException != null) return new SavedError(CApi.PyErr_GetRaisedException(), 0, 0, modern: true);
        nint type, value, traceback;
        CApi.PyErr_Fetch(&type, &value, &traceback);
        return new SavedError(type, value, traceback, modern: false);
    }

    internal readonly ref struct SavedError(nint first, nint value, nint traceback, bool modern)
    {
        public unsafe void Dispose()
        {
            if (first == 0) return;
            if (modern) CApi.PyErr_SetRaisedException(first);
            else CApi.PyErr_Restore(first, value, traceback);
        }
    }
}
