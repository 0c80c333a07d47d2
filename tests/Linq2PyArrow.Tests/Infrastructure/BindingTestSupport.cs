using System.Runtime.CompilerServices;
using Linq2PyArrow.Python;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>Shared helpers for the binding tests.</summary>
internal static class BindingTestSupport
{
    /// <summary>Where binding_helpers.py is copied (python/binding under the test output).</summary>
    public static string HelpersDirectory => Path.Combine(AppContext.BaseDirectory, "python", "binding");

    /// <summary>
    /// Adds the helpers' folder to the search paths before the interpreter starts, through the public
    /// configuration API, so the configured-search-path feature is exercised by every test that imports them.
    /// </summary>
    [ModuleInitializer]
    internal static void ConfigureSearchPath() => PythonEnvironment.Configure(searchPaths: [HelpersDirectory]);

    /// <summary>Runs statements in a fresh namespace with binding_helpers imported. GIL required.</summary>
    public static PyObject Exec(string code) => PyCode.Exec("import binding_helpers\n" + code);

    /// <summary>
    /// xunit 2.9 has no dynamic skip: a test whose precondition is missing (e.g. numpy in a pyenv build) writes
    /// "SKIPPED: reason" to its output and returns early, and the caller returns right after. It shows as passed.
    /// </summary>
    public static void Skip(ITestOutputHelper output, string reason) => output.WriteLine($"SKIPPED: {reason}");

    /// <summary>sys.getrefcount(o) through a Python helper, comparable between two calls. GIL required.</summary>
    public static long RefCount(PyObject globals, PyObject obj)
    {
        using var refcount = PyCode.Eval("binding_helpers.refcount", globals);
        using var count = refcount.Call(obj);
        return PyConvert.ToInt64(count);
    }

    /// <summary>Evaluates an expression to a .NET value. GIL required.</summary>
    public static object? Eval(string expression, PyObject? globals = null)
    {
        using var value = PyCode.Eval(expression, globals);
        return PyConvert.FromPython(value);
    }

    /// <summary>Polls a condition (without holding the GIL) until it holds or the timeout passes.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(20);
        }
        return true;
    }
}
