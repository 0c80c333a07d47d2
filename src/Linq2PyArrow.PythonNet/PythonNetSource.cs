using System.Runtime.CompilerServices;
using Apache.Arrow;
using Linq2PyArrow.Hosting;
using Python.Runtime;

namespace Linq2PyArrow.PythonNet;

/// <summary>
/// Queries Python objects that a Python.NET (pythonnet) application holds, with LINQ, in the interpreter Python.NET
/// runs: a data-source instance (a class with infer_schema, plan_partitions and read_partition) or Arrow data.
/// Linq2PyArrow adopts the interpreter Python.NET started, so both must use the same libpython: set
/// <c>PYTHONNET_PYDLL</c> (or <c>Runtime.PythonDLL</c>) and <c>LINQ2PYARROW_PYTHON</c> to the same file. Calls work with
/// or without the GIL held (inside <c>using (Py.GIL())</c> too); a query never needs it across calls.
/// </summary>
public static class PythonNetSource
{
    /// <summary>
    /// Queries a data-source instance the host created, with the same pushdown (columns, filters, limit), parallel scan
    /// and errors as <see cref="PythonSource.Open{T}(string, string, IReadOnlyDictionary{string, string}?, PythonSourceSettings)"/>:
    /// the protocol methods are checked and infer_schema is called once here; each query execution calls
    /// plan_partitions and read_partition. The source keeps its own reference: <paramref name="source"/> may be
    /// disposed afterwards.
    /// </summary>
    /// <param name="source">The instance, e.g. <c>Py.Import("events").GetAttr("Events").Invoke()</c>.</param>
    /// <param name="options">Reach Python as a dict of str to str.</param>
    /// <param name="settings">Parallelism, order, read-ahead, progress; <see cref="PythonSourceSettings.Default"/> when null.</param>
    /// <exception cref="PythonDataSourceException">A protocol method is missing or failed.</exception>
    /// <exception cref="SchemaMismatchException"><typeparamref name="T"/> does not fit the declared schema.</exception>
    /// <exception cref="PythonEnvironmentException">Linq2PyArrow is configured with another libpython than Python.NET's.</exception>
    /// <exception cref="ArgumentException"><paramref name="settings"/> name a Dask scheduler: its workers are other processes,
    /// which cannot share the instance (open the source by module and class for Dask).</exception>
    public static IQueryable<T> Open<T>(PyObject source, IReadOnlyDictionary<string, string>? options = null, PythonSourceSettings? settings = null)
    {
        var handle = HandleOf(source, nameof(source));
        var query = OpenCore<T>(handle, options, settings);
        GC.KeepAlive(source);
        return query;
    }

    /// <summary>The Arrow schema a data-source instance declares (infer_schema), to discover its columns before writing a row type.</summary>
    /// <exception cref="PythonDataSourceException">A protocol method is missing or infer_schema failed.</exception>
    public static Schema GetSchema(PyObject source, IReadOnlyDictionary<string, string>? options = null)
    {
        var handle = HandleOf(source, nameof(source));
        var schema = GetSchemaCore(handle, options);
        GC.KeepAlive(source);
        return schema;
    }

    /// <summary>
    /// Queries Arrow data the host holds as a single partition, without copies: anything with <c>__arrow_c_stream__</c>
    /// (a pyarrow or linq2pyarrow.arrow Table or RecordBatchReader, a polars DataFrame, a duckdb relation…) or
    /// <c>__arrow_c_array__</c> (a record batch). Every execution reads the object again, so a one-shot stream (a
    /// RecordBatchReader) can be queried once. The query keeps its own reference to <paramref name="data"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> implements neither protocol method.</exception>
    /// <exception cref="SchemaMismatchException"><typeparamref name="T"/> does not fit the data's schema.</exception>
    public static IQueryable<T> FromArrow<T>(PyObject data)
    {
        var handle = HandleOf(data, nameof(data));
        var query = FromArrowCore<T>(handle);
        GC.KeepAlive(data);
        return query;
    }

    private static nint HandleOf(PyObject value, string parameter)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        CheckCoreVersion();
        // PyObject.Handle is Python.NET's only public access to the PyObject* (it marks it [Obsolete] to keep ordinary
        // code on its wrappers). A borrowed reference: `value` keeps it alive until the call returns (GC.KeepAlive),
        // and the core takes its own reference under the GIL.
#pragma warning disable CS0612
        var handle = value.Handle;
#pragma warning restore CS0612
        if (handle == 0) throw new ObjectDisposedException(parameter, "The Python.NET PyObject was disposed.");
        return handle;
    }

    /// <summary>
    /// This assembly calls the core's internals, which only the same version has: a mismatch (a package restore that
    /// picked another Linq2PyArrow) is reported here rather than as a MissingMethodException.
    /// </summary>
    private static void CheckCoreVersion()
    {
        var own = typeof(PythonNetSource).Assembly.GetName().Version;
        var core = typeof(PythonSource).Assembly.GetName().Version;
        if (own != core)
            throw new InvalidOperationException(
                $"Linq2PyArrow.PythonNet {own} requires Linq2PyArrow {own} exactly, but Linq2PyArrow {core} was loaded. " +
                $"Fix: reference the same version of both packages (Linq2PyArrow {own}).");
    }

    // The calls into the core's internals live in methods of their own, compiled only after the version check passed.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IQueryable<T> OpenCore<T>(nint handle, IReadOnlyDictionary<string, string>? options, PythonSourceSettings? settings) =>
        HostedObjects.Open<T>(handle, options, settings);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Schema GetSchemaCore(nint handle, IReadOnlyDictionary<string, string>? options) => HostedObjects.GetSchema(handle, options);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IQueryable<T> FromArrowCore<T>(nint handle) => HostedObjects.FromArrow<T>(handle);
}
