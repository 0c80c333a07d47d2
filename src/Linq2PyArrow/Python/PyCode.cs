using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>Runs Python source text (used for the library's own small helpers and by tests). GIL required.</summary>
internal static class PyCode
{
    /// <summary>A fresh globals dict with builtins, like a new module's namespace.</summary>
    public static unsafe PyObject NewGlobals()
    {
        var globals = PyObject.Steal(CApi.PyDict_New());
        try
        {
            using var key = PyConvert.FromString("__builtins__");
            using var builtins = PythonTypes.Import("builtins");
            PythonErrors.Check(CApi.PyDict_SetItem(globals.Handle, key.Handle, builtins.Handle));
            return globals;
        }
        catch
        {
            globals.Dispose();
            throw;
        }
    }

    /// <summary>Executes statements; returns the namespace they ran in (or <paramref name="globals"/>).</summary>
    public static PyObject Exec(string code, PyObject? globals = null)
    {
        var scope = globals is null ? NewGlobals() : PyObject.Borrow(globals.Handle);
        try
        {
            using (Run(code, CApi.Py_file_input, scope)) { }
            return scope;
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    /// <summary>Evaluates one expression.</summary>
    public static PyObject Eval(string expression, PyObject? globals = null)
    {
        using var scope = globals is null ? NewGlobals() : PyObject.Borrow(globals.Handle);
        return Run(expression, CApi.Py_eval_input, scope);
    }

    private static unsafe PyObject Run(string code, int start, PyObject scope)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(code + "\0");
        fixed (byte* p = utf8)
            return PyObject.Steal(CApi.PyRun_String((nint)p, start, scope.Handle, scope.Handle));
    }
}
