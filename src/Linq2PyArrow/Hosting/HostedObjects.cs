using Apache.Arrow;
using Linq2PyArrow.Linq;
using Linq2PyArrow.Materialization;
using Linq2PyArrow.Python.Runtime;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Hosting;

/// <summary>
/// The entry points for Python objects an embedding host created, given as a borrowed PyObject* (the caller keeps
/// the object alive during the call; the source takes its own reference under the GIL). Internal: the Python.NET
/// adapter (Linq2PyArrow.PythonNet, shipped in lockstep with this assembly) is their only user, and raw pointers
/// with a reference-count contract are no public API.
/// </summary>
internal static class HostedObjects
{
    private static volatile bool s_sameLibraryChecked;

    /// <summary>A data-source instance: the same checks, pushdown, parallel scan and errors as <see cref="PythonSource.Open{T}(string, string, IReadOnlyDictionary{string, string}?)"/>.</summary>
    public static IQueryable<T> Open<T>(nint instance, IReadOnlyDictionary<string, string>? options, PythonSourceSettings? settings)
    {
        settings ??= PythonSourceSettings.Default;
        if (settings.DaskScheduler is not null)
            throw new ArgumentException(
                "PythonNetSource.Open reads the instance your application created, in this process; Dask workers are other processes " +
                "that cannot share it. Fix: open the source by module and class (PythonSource.Open(module, cls, options, settings)) " +
                "to run its partitions on Dask.", nameof(settings));
        Prepare(instance, nameof(instance));
        var source = DataSource.OpenInstance(instance, options);
        return Queryable<T>(source, settings);
    }

    /// <summary>The schema a data-source instance declares (infer_schema).</summary>
    public static Schema GetSchema(nint instance, IReadOnlyDictionary<string, string>? options)
    {
        Prepare(instance, nameof(instance));
        return DataSource.OpenInstance(instance, options).Schema;
    }

    /// <summary>Arrow data (<c>__arrow_c_stream__</c> or <c>__arrow_c_array__</c>) as a source of one partition.</summary>
    public static IQueryable<T> FromArrow<T>(nint data)
    {
        Prepare(data, nameof(data));
        return Queryable<T>(DataSource.OpenArrow(data), PythonSourceSettings.Default);
    }

    private static PythonQueryable<T> Queryable<T>(DataSource source, PythonSourceSettings settings)
    {
        var binding = RowBinding.Create(typeof(T), source.Schema.FieldsList, source.Name);
        return new PythonQueryable<T>(new PythonQueryProvider(new SourceContext(source, binding, settings)));
    }

    /// <summary>
    /// Starts (or adopts) the interpreter, and makes sure the host's objects live in it: a host that started a different
    /// libpython after Linq2PyArrow started its own has objects of another interpreter, which would crash here.
    /// </summary>
    private static void Prepare(nint handle, string parameter)
    {
        if (handle == 0) throw new ArgumentException("The Python object is null or was disposed.", parameter);
        PythonRuntime.EnsureInitialized();
        if (s_sameLibraryChecked) return;
        var other = LoadedPythons.Other(PythonRuntime.Installation.LibraryPath);
        if (other is not null) throw LoadedPythons.Conflict(other, PythonRuntime.Installation);
        s_sameLibraryChecked = true;
    }
}
