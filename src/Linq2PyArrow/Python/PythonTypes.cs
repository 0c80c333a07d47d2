using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python;

/// <summary>
/// Python objects looked up once at init and kept for the life of the process (the interpreter is never
/// finalized): stdlib types that conversions test against, and helpers for formatting errors.
/// </summary>
internal static class PythonTypes
{
    public static PyObject DateTime { get; private set; } = null!;
    public static PyObject Date { get; private set; } = null!;
    public static PyObject Time { get; private set; } = null!;
    public static PyObject TimeDelta { get; private set; } = null!;
    public static PyObject TimeZone { get; private set; } = null!;
    public static PyObject Utc { get; private set; } = null!;
    public static PyObject Decimal { get; private set; } = null!;
    private static PyObject s_formatException = null!;
    private static PyObject s_builtins = null!;

    /// <summary>Called once, under the GIL, on the runtime's owner thread.</summary>
    public static void Load()
    {
        using (var datetime = Import("datetime"))
        {
            DateTime = datetime.GetAttr("datetime");
            Date = datetime.GetAttr("date");
            Time = datetime.GetAttr("time");
            TimeDelta = datetime.GetAttr("timedelta");
            TimeZone = datetime.GetAttr("timezone");
            Utc = TimeZone.GetAttr("utc");
        }
        using (var decimalModule = Import("decimal")) Decimal = decimalModule.GetAttr("Decimal");
        using (var traceback = Import("traceback")) s_formatException = traceback.GetAttr("format_exception");
        s_builtins = Import("builtins");
    }

    public static unsafe PyObject Import(string module)
    {
        Span<byte> utf8 = stackalloc byte[System.Text.Encoding.UTF8.GetMaxByteCount(module.Length) + 1];
        fixed (byte* p = PyObject.Utf8Z(module, utf8))
            return PyObject.Steal(CApi.PyImport_ImportModule((nint)p));
    }

    public static PyObject Builtin(string name) => s_builtins.GetAttr(name);

    /// <summary>"module.QualName", or just "QualName" for builtins, as Python's traceback prints it.</summary>
    public static string QualifiedName(PyObject type)
    {
        using var qualName = type.GetAttr("__qualname__");
        var name = PyConvert.ToStringExact(qualName.Handle);
        using var module = type.GetAttrOrNull("__module__");
        if (module is null || module.IsNone) return name;
        var moduleName = module.Str();
        return moduleName is "builtins" or "__main__" ? name : $"{moduleName}.{name}";
    }

    /// <summary>"".join(traceback.format_exception(type(e), e, e.__traceback__)).</summary>
    public static string FormatException(PyObject exception)
    {
        using var type = exception.Type();
        using var traceback = exception.GetAttr("__traceback__");
        using var lines = s_formatException.Call(type, exception, traceback);
        using var empty = PyConvert.ToPython("");
        using var joined = empty.CallMethod("join", lines);
        return PyConvert.ToStringExact(joined.Handle).TrimEnd('\n');
    }
}
