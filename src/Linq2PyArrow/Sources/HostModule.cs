using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

/// <summary>The embedded HostHelpers.py, executed once into its own namespace.</summary>
internal static class HostModule
{
    private static PyObject? s_namespace;

    /// <summary>A function or class of the helpers. GIL required.</summary>
    /// <remarks>
    /// No .NET lock around the load: running Python code lets the interpreter hand the GIL to another thread, which
    /// would then block on the lock while holding the GIL (a deadlock seen when two queries start at once). Two
    /// threads may both load; the first published namespace wins and the other is dropped.
    /// </remarks>
    public static PyObject Get(string name)
    {
        var helpers = Volatile.Read(ref s_namespace);
        if (helpers is null)
        {
            // No .NET lock: callers hold the GIL and Python may release it while loading, so a thread holding the GIL
            // could wait for the lock while the loader waits for the GIL. Two threads may both load; one result wins.
            var loaded = Load();
            helpers = Interlocked.CompareExchange(ref s_namespace, loaded, null) ?? loaded;
            if (!ReferenceEquals(helpers, loaded)) loaded.Dispose();
        }
        using var key = PyConvert.FromString(name);
        using var getItem = helpers.GetAttr("__getitem__");
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
