using Apache.Arrow.C;
using Linq2PyArrow.Arrow;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Sources;

internal sealed partial class DataSource
{
    /// <summary>
    /// Arrow data a host holds (Python.NET's <c>PyObject</c> handle, borrowed: the caller keeps it alive during the
    /// call) as a source of one partition: anything with <c>__arrow_c_stream__</c> (a table, a reader) or
    /// <c>__arrow_c_array__</c> (a record batch). The schema comes from <c>__arrow_c_schema__</c> when the object has
    /// it; otherwise from an exported stream's get_schema (that stream is then what the first query reads, so a
    /// one-shot reader works once) or from an exported batch. The query reads the whole object and filters in .NET.
    /// </summary>
    public static unsafe DataSource OpenArrow(nint data)
    {
        using var gil = Gil.Acquire();
        using var owned = PyObject.Borrow(data);
        var (module, className) = SplitTypeName(owned);
        var name = module.Length == 0 ? className : $"{module}.{className}";
        var options = new Dictionary<string, string>();
        var masker = SecretMasker.For(options);
        var fail = new DataSource(module, className, options, masker, new Apache.Arrow.Schema([], null), null!, null!, null!, null, false);
        var kind = CapsuleProtocol.Classify(owned);
        if (kind is not (ArrowObjectKind.Stream or ArrowObjectKind.Batch))
            throw new ArgumentException(
                $"'{name}' is not Arrow data that can be queried: it implements neither __arrow_c_stream__ nor __arrow_c_array__ " +
                "(Arrow PyCapsule protocol: pyarrow, polars, duckdb, nanoarrow and linq2pyarrow.arrow tables, readers and record batches do).",
                nameof(data));

        PyObject? pending = null;
        Apache.Arrow.Schema schema;
        try
        {
            if (owned.HasAttr("__arrow_c_schema__"))
            {
                schema = CapsuleProtocol.ImportSchema(owned);
            }
            else if (kind == ArrowObjectKind.Stream)
            {
                pending = owned.CallMethod("__arrow_c_stream__");
                schema = CapsuleProtocol.StreamSchema(pending);
            }
            else
            {
                var exported = CapsuleProtocol.ExportBatch(owned);
                CArrowArray.Free(exported.Array); // only the schema is needed now; each query exports the batch again
                schema = ArrowImporter.ImportSchema(exported.Schema);
            }
        }
        catch (PythonException ex)
        {
            pending?.Dispose();
            throw fail.Failure("reading its Arrow schema", ex);
        }
        catch (ArrowProtocolException ex)
        {
            pending?.Dispose();
            throw fail.Failure("reading its Arrow schema", $"it breaks the Arrow protocol: {ex.Message.TrimEnd('.')}.");
        }

        PyObject instance;
        using (pending)
        {
            using var type = HostModule.Get("ArrowObjectSource");
            instance = pending is null ? type.Call(owned) : type.Call(owned, pending);
        }
        try
        {
            // No hints: the object is read whole (the import still takes only the columns a query needs, without copies).
            return new DataSource(module, className, options, masker, schema, instance,
                instance.GetAttr("plan_partitions"), instance.GetAttr("read_partition"), readHints: [], planAcceptsFilters: false);
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }
}
