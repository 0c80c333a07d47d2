using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Imports moved C structs zero-copy: the resulting arrays wrap the producer's buffers, and disposing the
/// <see cref="ImportedBatch"/> calls its release callback once. Structs are validated first, so a malformed
/// producer gets an error instead of crashing the process on a wild read.
/// </summary>
internal static unsafe class ArrowImporter
{
    /// <summary>Imports and frees the struct (the importer releases it even when it fails).</summary>
    public static Schema ImportSchema(CArrowSchema* schema)
    {
        try
        {
            return CArrowSchemaImporter.ImportSchema(schema);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new ArrowProtocolException($"the Arrow schema could not be imported: {ex.Message}", ex);
        }
        finally
        {
            CArrowSchema.Free(schema);
        }
    }

    /// <summary>Imports a record batch from moved structs and frees both structs; the array's data is now owned by the batch.</summary>
    public static ImportedBatch ImportBatch(CArrowSchema* schemaStruct, CArrowArray* array, SchemaCache? cache = null)
    {
        Schema schema;
        try
        {
            schema = cache is null ? ImportSchema(schemaStruct) : cache.Import(schemaStruct);
        }
        catch
        {
            CArrowArray.Free(array);
            throw;
        }
        return ImportBatch(schema, array);
    }

    /// <summary>Validates and imports a moved array; takes ownership of it (released on failure).</summary>
    public static ImportedBatch ImportBatch(Schema schema, CArrowArray* array)
    {
        try
        {
            CDataValidator.ValidateRecordBatch(schema, array);
        }
        catch
        {
            CArrowArray.Free(array);
            throw;
        }
        if (NativeArrayImporter.Supports(schema))
        {
            try
            {
                return NativeArrayImporter.ImportBatch(schema, array);
            }
            catch (Exception ex) when (ex is OverflowException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                throw new ArrowProtocolException($"the Arrow record batch could not be imported: {ex.Message}", ex);
            }
        }
        try
        {
            var batch = CArrowArrayImporter.ImportRecordBatch(array, schema);
            return new ImportedBatch(batch, batch);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or OverflowException or ArgumentException)
        {
            throw new ArrowProtocolException($"the Arrow record batch could not be imported: {ex.Message}", ex);
        }
        finally
        {
            // After a successful import the struct was moved (release is NULL) and Free only frees our memory;
            // after a failure Free runs the producer's release, so nothing leaks.
            CArrowArray.Free(array);
        }
    }

    /// <summary>The pyarrow-style name of a type, for messages: int64, string, timestamp[us, tz=UTC], list&lt;item: int64&gt;…</summary>
    public static string Describe(IArrowType type) => ArrowTypeNames.Describe(type);
}
