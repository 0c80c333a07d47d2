using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

/// <summary>The embedded HostHelpers.py, executed once into its own namespace.</summary>
internal static class HostModule
{
    private static readonly Lock s_lock = new();
    private static PyObject? s_namespace;

    /// <summary>A function or class of the helpers. GIL required.</summary>
    public static PyObject Get(string name)
    {
        if (s_namespace is null)
        {
            lock (s_lock) s_namespace ??= Load();
        }
        using var key = PyConvert.FromString(name);
        using var getItem = s_namespace.GetAttr("__getitem__");
        return getItem.Call(key);
    }

    private static PyObject Load()
    {
        using var stream = typeof(HostModule).Assembly.GetManifestResourceStream("Linq2PyArrow.HostHelpers.py")
            ?? throw new InvalidOperationException("Linq2PyArrow.dll lacks its embedded HostHelpers.py resource.");
        using var reader = new StreamReader(stream);
        var globals = PyCode.NewGlobals();
        using var source = PyConvert.FromString(reader.ReadToEnd());
        using var fileName = PyConvert.FromString("<linq2pyarrow host helpers>");
        using var mode = PyConvert.FromString("exec");
        using var compile = PythonTypes.Builtin("compile");
        using var exec = PythonTypes.Builtin("exec");
        using var code = compile.Call(source, fileName, mode);
        using (exec.Call(code, globals)) { }
        return globals;
    }
}
