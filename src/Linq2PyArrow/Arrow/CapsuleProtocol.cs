using Apache.Arrow.C;
using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Arrow;

/// <summary>What an object yielded by a source speaks: the Arrow PyCapsule protocol, or pyarrow's legacy export.</summary>
internal enum ArrowObjectKind { None, Batch, Stream, LegacyBatch, LegacyStream }

/// <summary>
/// Gets Arrow C structs out of any Python producer through the Arrow PyCapsule protocol (pyarrow ≥ 14, polars,
/// pandas, duckdb, nanoarrow, GDAL, linq2pyarrow.arrow), falling back to pyarrow's _export_to_c for pyarrow
/// older than 14. Structs are moved into memory we own while the capsule is alive. GIL required.
/// </summary>
internal static unsafe class CapsuleProtocol
{
    public static ArrowObjectKind Classify(PyObject value)
    {
        if (value.HasAttr("__arrow_c_array__")) return ArrowObjectKind.Batch;
        if (value.HasAttr("__arrow_c_stream__")) return ArrowObjectKind.Stream;
        if (value.HasAttr("read_next_batch") && value.HasAttr("_export_to_c")) return ArrowObjectKind.LegacyStream;
        // Schemas, fields and types have _export_to_c too (one argument): only a record batch (it has num_rows) is
        // data. Anything else is reported as "not an Arrow record batch" instead of failing inside _export_to_c.
        if (value.HasAttr("num_rows") && value.HasAttr("_export_to_c")) return ArrowObjectKind.LegacyBatch;
        return ArrowObjectKind.None;
    }

    /// <summary>Exports a schema-like object (schema, field or type) and imports it.</summary>
    public static Apache.Arrow.Schema ImportSchema(PyObject value)
    {
        if (value.HasAttr("__arrow_c_schema__"))
        {
            using var capsule = value.CallMethod("__arrow_c_schema__");
            var schema = CDataStructs.MoveSchema(Pointer(capsule, "arrow_schema"u8, "__arrow_c_schema__"));
            return ArrowImporter.ImportSchema(schema);
        }
        if (value.HasAttr("_export_to_c"))
        {
            var schema = CArrowSchema.Create();
            using (var address = PyConvert.ToPython((long)schema))
            using (value.CallMethod("_export_to_c", address)) { }
            return ArrowImporter.ImportSchema(schema);
        }
        throw new ArrowProtocolException(
            "it implements neither __arrow_c_schema__ (Arrow PyCapsule protocol) nor pyarrow's _export_to_c");
    }

    /// <summary>__arrow_c_array__() → moved (schema, array) structs, owned by the caller.</summary>
    public static ExportedBatch ExportBatch(PyObject value)
    {
        using var pair = value.CallMethod("__arrow_c_array__");
        if (!pair.IsInstance(CApi.TupleType) || CApi.PyTuple_Size(pair.Handle) != 2)
            throw new ArrowProtocolException(
                $"__arrow_c_array__() returned a '{pair.TypeName()}' where a tuple (schema capsule, array capsule) is required");
        using var schemaCapsule = PyObject.Borrow(CApi.PyTuple_GetItem(pair.Handle, 0));
        using var arrayCapsule = PyObject.Borrow(CApi.PyTuple_GetItem(pair.Handle, 1));
        var schemaSource = Pointer(schemaCapsule, "arrow_schema"u8, "__arrow_c_array__");
        var arraySource = Pointer(arrayCapsule, "arrow_array"u8, "__arrow_c_array__");
        var schema = CDataStructs.MoveSchema(schemaSource);
        try
        {
            return new ExportedBatch(schema, CDataStructs.MoveArray(arraySource));
        }
        catch
        {
            CArrowSchema.Free(schema);
            throw;
        }
    }

    /// <summary>__arrow_c_stream__() → a moved stream struct, owned by the caller.</summary>
    public static CStream* ExportStream(PyObject value)
    {
        using var capsule = value.CallMethod("__arrow_c_stream__");
        return CDataStructs.MoveStream(Pointer(capsule, "arrow_array_stream"u8, "__arrow_c_stream__"));
    }

    /// <summary>
    /// The schema of a stream capsule, through its get_schema, without taking the stream out of the capsule: the
    /// capsule still owns it (and releases it if nobody reads it).
    /// </summary>
    public static Apache.Arrow.Schema StreamSchema(PyObject capsule)
    {
        var stream = (CStream*)Pointer(capsule, "arrow_array_stream"u8, "__arrow_c_stream__");
        if (stream->GetSchema == null || stream->Release == null)
            throw new ArrowProtocolException("its ArrowArrayStream has a NULL get_schema or release callback");
        var schema = CArrowSchema.Create();
        var status = stream->GetSchema(stream, schema);
        if (status != 0)
        {
            CArrowSchema.Free(schema);
            var error = stream->GetLastError == null ? null : stream->GetLastError(stream);
            var text = error == null ? "no error message" : System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)error);
            throw new ArrowProtocolException($"get_schema returned error {status}: {text}");
        }
        return ArrowImporter.ImportSchema(schema);
    }

    /// <summary>pyarrow &lt; 14: RecordBatch._export_to_c(array_address, schema_address).</summary>
    public static ExportedBatch ExportLegacyBatch(PyObject value)
    {
        var schema = CArrowSchema.Create();
        var array = CArrowArray.Create();
        try
        {
            using var arrayAddress = PyConvert.ToPython((long)array);
            using var schemaAddress = PyConvert.ToPython((long)schema);
            using (value.CallMethod("_export_to_c", arrayAddress, schemaAddress)) { }
            return new ExportedBatch(schema, array);
        }
        catch
        {
            CArrowSchema.Free(schema);
            CArrowArray.Free(array);
            throw;
        }
    }

    /// <summary>pyarrow &lt; 14: RecordBatchReader._export_to_c(stream_address).</summary>
    public static CStream* ExportLegacyStream(PyObject value)
    {
        var stream = ArrowStream.Allocate();
        try
        {
            using var address = PyConvert.ToPython((long)stream);
            using (value.CallMethod("_export_to_c", address)) { }
            return stream;
        }
        catch
        {
            ArrowStream.Free(stream);
            throw;
        }
    }

    private static void* Pointer(PyObject capsule, ReadOnlySpan<byte> expectedName, string method)
    {
        fixed (byte* name = expectedName)
        {
            if (CApi.PyCapsule_IsValid(capsule.Handle, name) == 1)
            {
                var pointer = CApi.PyCapsule_GetPointer(capsule.Handle, name);
                if (pointer == null) throw PythonErrors.Fetch();
                return pointer;
            }
        }
        var expected = System.Text.Encoding.ASCII.GetString(expectedName);
        if (!capsule.IsInstance(CApi.CapsuleType))
            throw new ArrowProtocolException($"{method}() returned a '{capsule.TypeName()}' where a PyCapsule named '{expected}' is required");
        var actual = CApi.PyCapsule_GetName(capsule.Handle);
        var actualName = actual == null ? "<unnamed>" : System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)actual);
        throw new ArrowProtocolException($"{method}() returned a PyCapsule named '{actualName}' where '{expected}' is required");
    }
}

/// <summary>A schema and an array struct moved into memory we own; import them or free them.</summary>
internal readonly unsafe struct ExportedBatch(CArrowSchema* schema, CArrowArray* array)
{
    public readonly CArrowSchema* Schema = schema;
    public readonly CArrowArray* Array = array;
}
