using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// Runs fixture set-up code (creating SQLite files, PostgreSQL tables, GeoPackages...) in the embedded Python,
/// with .NET values bound as globals so no value is ever spliced into the code text.
/// </summary>
internal static class PythonScript
{
    public static void Run(string code, IReadOnlyDictionary<string, object?>? variables = null)
    {
        using var gil = Gil.Acquire();
        using var globals = RunIn(code, variables);
    }

    /// <summary>Evaluates <paramref name="expression"/> after running <paramref name="code"/>; the result converted to .NET.</summary>
    public static object? Eval(string code, string expression, IReadOnlyDictionary<string, object?>? variables = null)
    {
        using var gil = Gil.Acquire();
        using var globals = RunIn(code, variables);
        using var result = PyCode.Eval(expression, globals);
        return PyConvert.FromPython(result);
    }

    /// <summary>Runs <paramref name="code"/> in a fresh namespace holding the variables; returns the namespace. GIL held.</summary>
    private static PyObject RunIn(string code, IReadOnlyDictionary<string, object?>? variables)
    {
        var globals = PyCode.NewGlobals();
        try
        {
            using var setItem = globals.GetAttr("__setitem__");
            foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            {
                using var key = PyConvert.FromString(name);
                using var pyValue = PyConvert.ToPython(value);
                using (setItem.Call(key, pyValue)) { }
            }
            using (PyCode.Exec(code, globals)) { }
            return globals;
        }
        catch
        {
            globals.Dispose();
            throw;
        }
    }
}
