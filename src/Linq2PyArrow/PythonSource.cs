using Apache.Arrow;
using Linq2PyArrow.Linq;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow;

/// <summary>
/// Entry point: opens a Python data source (a class with infer_schema, plan_partitions and read_partition) as an
/// <see cref="IQueryable{T}"/>. Opening imports the module, instantiates the class, calls infer_schema once and
/// checks the row type against the schema; each query execution plans and reads partitions.
/// </summary>
public static class PythonSource
{
    /// <summary>The option keys naming the module and class in <see cref="Open{T}(IReadOnlyDictionary{string, string}, PythonSourceSettings?)"/>.</summary>
    public const string ModuleOption = "python_module", ClassOption = "python_class";

    /// <summary>
    /// The option key that sets <see cref="PythonSourceSettings.DaskScheduler"/> in
    /// <see cref="Open{T}(IReadOnlyDictionary{string, string}, PythonSourceSettings?)"/> (not passed on to Python).
    /// </summary>
    public const string DaskSchedulerOption = "dask_scheduler";

    /// <summary>Opens <c>module.cls</c> with the default settings.</summary>
    /// <exception cref="PythonDataSourceException">The module, class or a protocol method is missing or failed.</exception>
    /// <exception cref="SchemaMismatchException"><typeparamref name="T"/> does not fit the declared schema.</exception>
    public static IQueryable<T> Open<T>(string module, string cls, IReadOnlyDictionary<string, string>? options = null) =>
        Open<T>(module, cls, options, PythonSourceSettings.Default);

    /// <summary>Opens <c>module.cls</c>; options reach Python as a dict of str to str.</summary>
    /// <exception cref="PythonDataSourceException">The module, class or a protocol method is missing or failed.</exception>
    /// <exception cref="SchemaMismatchException"><typeparamref name="T"/> does not fit the declared schema.</exception>
    public static IQueryable<T> Open<T>(string module, string cls, IReadOnlyDictionary<string, string>? options, PythonSourceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var source = DataSource.Open(module, cls, options, settings.SearchPaths);
        var binding = RowBinding.Create(typeof(T), source.Schema.FieldsList, source.Name);
        return new PythonQueryable<T>(new PythonQueryProvider(new SourceContext(source, binding, settings)));
    }

    /// <summary>
    /// Opens the source named by the <c>python_module</c> and <c>python_class</c> options (Spark style), on the Dask
    /// scheduler named by <c>dask_scheduler</c> if present; those keys are not passed on to Python.
    /// </summary>
    public static IQueryable<T> Open<T>(IReadOnlyDictionary<string, string> options, PythonSourceSettings? settings = null)
    {
        var (module, cls, rest) = SplitSpec(options);
        return Open<T>(module, cls, rest, WithScheduler(options, settings ?? PythonSourceSettings.Default));
    }

    private static PythonSourceSettings WithScheduler(IReadOnlyDictionary<string, string> options, PythonSourceSettings settings)
    {
        if (!options.TryGetValue(DaskSchedulerOption, out var scheduler) || string.IsNullOrWhiteSpace(scheduler)) return settings;
        if (settings.DaskScheduler is { } configured && configured != scheduler.Trim())
            throw new ArgumentException(
                $"The options say '{DaskSchedulerOption}' = '{scheduler}' but the settings say DaskScheduler = '{configured}': set one of them.",
                nameof(options));
        try
        {
            return settings with { DaskScheduler = scheduler };
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Option '{DaskSchedulerOption}': {ex.Message}", nameof(options), ex);
        }
    }

    /// <summary>The Arrow schema the source declares (infer_schema), to discover its columns before writing a row type.</summary>
    public static Schema GetSchema(string module, string cls, IReadOnlyDictionary<string, string>? options = null, PythonSourceSettings? settings = null) =>
        DataSource.Open(module, cls, options, (settings ?? PythonSourceSettings.Default).SearchPaths).Schema;

    private static (string Module, string Class, IReadOnlyDictionary<string, string> Others) SplitSpec(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Null keys/values (possible from callers without nullable annotations) get the same message as on the other entry points.
        options = DataSource.CheckOptions(options);
        if (!options.TryGetValue(ModuleOption, out var module) || string.IsNullOrWhiteSpace(module))
            throw new ArgumentException($"The options do not name the module: set '{ModuleOption}' (and '{ClassOption}').", nameof(options));
        if (!options.TryGetValue(ClassOption, out var cls) || string.IsNullOrWhiteSpace(cls))
            throw new ArgumentException($"The options do not name the class: set '{ClassOption}'.", nameof(options));
        var rest = options.Where(o => o.Key is not ModuleOption and not ClassOption and not DaskSchedulerOption).ToDictionary(o => o.Key, o => o.Value);
        return (module, cls, rest);
    }
}
