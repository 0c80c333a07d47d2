using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Imports moved C structs with Apache.Arrow's importers, zero-copy: the resulting arrays wrap the producer's
/// buffers and call its release callback once every buffer is disposed. Structs are validated first, so a
/// malformed producer gets an error instead of crashing the process on a wild read.
/// </summary>
internal static unsafe class ArrowImporter
{
    /// <summary>Imports and frees the struct (the importer releases it even when it fails).</summary>
    public static Schema ImportSchema(CArrowSchema* schema)
    {
        try
        {
            // A record batch without columns (what a source yields for columns=[]) is valid Arrow, but Apache.Arrow's
            // importer rejects a struct without children (ArgumentNullException for 'fields').
            if (schema != null && schema->n_children == 0 && schema->format != null
                && schema->format[0] == (byte)'+' && schema->format[1] == (byte)'s' && schema->format[2] == 0)
                return new Schema([], null);
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
    public static RecordBatch ImportBatch(CArrowSchema* schemaStruct, CArrowArray* array)
    {
        Schema schema;
        try
        {
            schema = ImportSchema(schemaStruct); // frees the schema struct, also when it fails
        }
        catch
        {
            CArrowArray.Free(array);
            throw;
        }
        return ImportBatch(schema, array);
    }

    public static RecordBatch ImportBatch(Schema schema, CArrowArray* array)
    {
        try
        {
            CDataValidator.ValidateRecordBatch(schema, array);
            return CArrowArrayImporter.ImportRecordBatch(array, schema);
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
