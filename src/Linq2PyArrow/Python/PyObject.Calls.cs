using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

internal sealed partial class PyObject
{
    public unsafe PyObject Call() => Steal(CApi.PyObject_CallNoArgs(handle));

    /// <summary>Calls with no arguments; the result as a stack-only <see cref="PyRef"/> (dispose it).</summary>
    public unsafe PyRef CallRef() => PyRef.Steal(CApi.PyObject_CallNoArgs(handle));

    public unsafe PyObject Call(params ReadOnlySpan<PyObject> args)
    {
        if (args.Length == 0) return Call();
        if (CApi.PyObject_Vectorcall != null)
        {
            // Slot 0 is scratch space the callee may use (PY_VECTORCALL_ARGUMENTS_OFFSET) to avoid a copy.
            var slots = stackalloc nint[args.Length + 1];
            for (var i = 0; i < args.Length; i++) slots[i + 1] = args[i].Handle;
            var result = CApi.PyObject_Vectorcall(handle, slots + 1, (nuint)((uint)args.Length | CApi.PY_VECTORCALL_ARGUMENTS_OFFSET), 0);
            GC.KeepAlive(this);
            return Steal(result);
        }
        using var tuple = PyConvert.Tuple(args);
        return Steal(CApi.PyObject_Call(handle, tuple.Handle, 0));
    }

    /// <summary>Calls with positional and keyword arguments (keywords in the given order).</summary>
    public unsafe PyObject Call(ReadOnlySpan<PyObject> args, IReadOnlyList<KeyValuePair<string, PyObject>> keywords)
    {
        if (keywords.Count == 0) return Call(args);
        using var tuple = PyConvert.Tuple(args);
        using var kwargs = Steal(CApi.PyDict_New());
        foreach (var (name, value) in keywords)
        {
            using var key = PyConvert.ToPython(name);
            PythonErrors.Check(CApi.PyDict_SetItem(kwargs.Handle, key.Handle, value.Handle));
        }
        return Steal(CApi.PyObject_Call(handle, tuple.Handle, kwargs.Handle));
    }

    public PyObject CallMethod(string name, params ReadOnlySpan<PyObject> args)
    {
        using var method = GetAttr(name);
        return method.Call(args);
    }
}
