using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.Runtime;

namespace Linq2PyArrow.Sources;

internal sealed partial class DataSource
{
    /// <summary>
    /// Imports the module, instantiates the class, checks the protocol methods and calls infer_schema once.
    /// Every problem here is reported at once with its own message and fix.
    /// </summary>
    public static DataSource Open(string module, string className, IReadOnlyDictionary<string, string>? options,
        IReadOnlyList<string> searchPaths)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        var checkedOptions = CheckOptions(options);
        var masker = SecretMasker.For(checkedOptions);

        using var gil = Gil.Acquire();
        if (searchPaths.Count > 0) PythonRuntime.AddToSysPath(searchPaths);
        var fail = new DataSource(module, className, checkedOptions, masker, new Apache.Arrow.Schema([], null), null!, null!, null!, null, false);

        using var pyModule = ImportModule(module, fail);
        using var pyClass = pyModule.GetAttrOrNull(className)
            ?? throw fail.Failure("import", $"module '{module}' has no attribute '{className}'. {DescribeClasses(pyModule)}");
        PyObject instance;
        try
        {
            instance = pyClass.Call();
        }
        catch (PythonException ex)
        {
            throw fail.Failure("instantiate", ex);
        }
        return FromInstance(module, className, instance, checkedOptions, masker, fail);
    }

    /// <summary>
    /// Opens a data-source instance the host created (Python.NET's <c>PyObject</c> handle, borrowed: the caller keeps
    /// it alive during the call). The same checks and errors as <see cref="Open"/>; the source is named by the
    /// instance's type (module.qualname).
    /// </summary>
    public static DataSource OpenInstance(nint instance, IReadOnlyDictionary<string, string>? options)
    {
        var checkedOptions = CheckOptions(options);
        var masker = SecretMasker.For(checkedOptions);
        using var gil = Gil.Acquire();
        var owned = PyObject.Borrow(instance);
        string module, className;
        try
        {
            (module, className) = SplitTypeName(owned);
        }
        catch
        {
            owned.Dispose();
            throw;
        }
        var fail = new DataSource(module, className, checkedOptions, masker, new Apache.Arrow.Schema([], null), null!, null!, null!, null, false);
        return FromInstance(module, className, owned, checkedOptions, masker, fail);
    }

    /// <summary>An object's type as (module, qualified name); no module for builtins, as Python prints them. GIL held.</summary>
    internal static (string Module, string ClassName) SplitTypeName(PyObject value)
    {
        var name = value.TypeName();
        var dot = name.LastIndexOf('.');
        return dot < 0 ? ("", name) : (name[..dot], name[(dot + 1)..]);
    }

    /// <summary>Checks the protocol methods and calls infer_schema; takes over <paramref name="instance"/> (disposed on failure). GIL held.</summary>
    private static DataSource FromInstance(string module, string className, PyObject instance, IReadOnlyDictionary<string, string> checkedOptions,
        SecretMasker masker, DataSource fail)
    {
        try
        {
            using var inspect = HostModule.Get("inspect_source");
            using var report = inspect.Call(instance);
            var result = (IReadOnlyDictionary<string, object?>)PyConvert.FromPython(report)!;
            var problems = ((IReadOnlyList<object?>)result["problems"]!).Cast<string>().ToList();
            if (problems.Count > 0)
                throw fail.Failure("open",
                    $"class '{className}' does not implement the data source protocol: {string.Join("; ", problems)}. " +
                    "See linq2pyarrow.protocol.Source for the three methods and their arguments.");
            var accepted = (IReadOnlyDictionary<string, object?>)result["accepted"]!;

            var schema = InferSchema(instance, checkedOptions, fail);
            var readHints = accepted["read_partition"] is IReadOnlyList<object?> hints ? hints.Cast<string>().ToHashSet() : null;
            var planAcceptsFilters = accepted["plan_partitions"] is not IReadOnlyList<object?> planHints || planHints.Contains("filters");
            return new DataSource(module, className, checkedOptions, masker, schema, instance,
                instance.GetAttr("plan_partitions"), instance.GetAttr("read_partition"), readHints, planAcceptsFilters);
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    internal static IReadOnlyDictionary<string, string> CheckOptions(IReadOnlyDictionary<string, string>? options)
    {
        if (options is null) return new Dictionary<string, string>();
        var copy = new Dictionary<string, string>(options.Count);
        foreach (var (key, value) in options)
        {
            // Callers without nullable annotations can still smuggle nulls in.
            if (key is null) throw new ArgumentException("An option key is null; option keys and values must be non-null strings.", nameof(options));
            if (value is null)
                throw new ArgumentException($"The value of option '{key}' is null; option values must be strings (use \"\" for empty).", nameof(options));
            copy[key] = value;
        }
        return copy;
    }

    private static PyObject ImportModule(string module, DataSource fail)
    {
        try
        {
            return PythonTypes.Import(module);
        }
        catch (PythonException ex) when (ex.PythonType == "ModuleNotFoundError" && IsAbout(ex.PythonMessage, module))
        {
            throw fail.Failure("import",
                $"module '{module}' was not found. sys.path searched: {SysPath()}. Fix: put the module in one of these " +
                "directories, add its directory to PythonSourceSettings.SearchPaths, or set PYTHONPATH.");
        }
        catch (PythonException ex)
        {
            throw fail.Failure("import", ex);
        }
    }

    /// <summary>True when "No module named 'a.b'" is about the module itself or one of its parent packages.</summary>
    private static bool IsAbout(string message, string module)
    {
        var start = message.IndexOf('\'');
        var end = message.LastIndexOf('\'');
        if (start < 0 || end <= start) return false;
        var missing = message[(start + 1)..end];
        return module == missing || module.StartsWith(missing + ".", StringComparison.Ordinal);
    }

    private static string SysPath()
    {
        using var sys = PythonTypes.Import("sys");
        using var path = sys.GetAttr("path");
        return path.Repr();
    }

    private static string DescribeClasses(PyObject module)
    {
        using var code = PyCode.NewGlobals();
        using var key = PyConvert.FromString("m");
        using var setItem = code.GetAttr("__setitem__");
        using (setItem.Call(key, module)) { }
        using var names = PyCode.Eval(
            "sorted(n for n, v in vars(m).items() if isinstance(v, type) and getattr(v, '__module__', None) == m.__name__)", code);
        var classes = ((IReadOnlyList<object?>)PyConvert.FromPython(names)!).Cast<string>().ToList();
        return classes.Count == 0
            ? "It defines no classes."
            : $"Classes defined there: {string.Join(", ", classes)}.";
    }

    private static Apache.Arrow.Schema InferSchema(PyObject instance, IReadOnlyDictionary<string, string> options, DataSource fail)
    {
        PyObject declared;
        try
        {
            using var method = instance.GetAttr("infer_schema");
            using var pyOptions = PyConvert.StringDictionary(options);
            declared = method.Call(pyOptions);
        }
        catch (PythonException ex)
        {
            throw fail.Failure("infer_schema", ex);
        }
        using (declared)
        {
            try
            {
                return CapsuleProtocol.ImportSchema(declared);
            }
            catch (ArrowProtocolException ex)
            {
                throw fail.Failure("infer_schema",
                    $"it returned a '{declared.TypeName()}', which is not a usable Arrow schema: {ex.Message.TrimEnd('.')}. Return pyarrow.schema([...]) " +
                    "or linq2pyarrow.arrow.schema([...]) (any object with __arrow_c_schema__ describing a struct of columns).");
            }
            catch (PythonException ex)
            {
                throw fail.Failure("infer_schema", ex);
            }
        }
    }
}
