using System.Runtime.InteropServices;
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
    /// <summary>Imports and frees the struct (released exactly once, also when the import fails).</summary>
    public static Schema ImportSchema(CArrowSchema* schema)
    {
        try
        {
            // A record batch without columns (what a source yields for columns=[]) is valid Arrow, but Apache.Arrow's
            // importer rejects a struct without children (ArgumentNullException for 'fields').
            if (schema != null && schema->n_children == 0 && schema->format != null
                && schema->format[0] == (byte)'+' && schema->format[1] == (byte)'s' && schema->format[2] == 0)
                return new Schema([], null);
            var copy = WithoutRelease(schema);
            return CArrowSchemaImporter.ImportSchema(&copy);
        }
        catch (NotSupportedException ex)
        {
            throw new ArrowProtocolException($"its schema cannot be imported: {DescribeUnsupported(schema, ex.Message)}", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new ArrowProtocolException($"its schema cannot be imported: {ex.Message.TrimEnd('.')}", ex);
        }
        finally
        {
            CArrowSchema.Free(schema);
        }
    }

    /// <summary>
    /// A bitwise copy whose release does nothing, so Apache.Arrow's importer (which releases what it imports,
    /// even on failure) leaves the original intact: we release it ourselves, and can still inspect it on failure.
    /// </summary>
    private static CArrowSchema WithoutRelease(CArrowSchema* schema)
    {
        var copy = *schema;
        *(nint*)((byte*)&copy + CDataStructs.SchemaReleaseOffset) = (nint)(delegate* unmanaged<CArrowSchema*, void>)&NoRelease;
        return copy;
    }

    [UnmanagedCallersOnly]
    private static void NoRelease(CArrowSchema* schema) =>
        *(nint*)((byte*)schema + CDataStructs.SchemaReleaseOffset) = 0;

    /// <summary>Which column (and which nested format) the importer does not support.</summary>
    private static string DescribeUnsupported(CArrowSchema* schema, string reason)
    {
        for (var i = 0; i < schema->n_children && schema->children != null; i++)
        {
            var child = schema->children[i];
            if (child == null) continue;
            var format = UnsupportedFormat(child);
            if (format is not null)
                return $"column '{Text(child->name)}' has an Arrow type with format '{format}', which is not supported ({reason})";
        }
        return reason;
    }

    private static string? UnsupportedFormat(CArrowSchema* schema)
    {
        var copy = WithoutRelease(schema);
        try
        {
            CArrowSchemaImporter.ImportType(&copy);
            return null;
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException or FormatException)
        {
            for (var i = 0; i < schema->n_children && schema->children != null; i++)
                if (schema->children[i] != null && UnsupportedFormat(schema->children[i]) is { } inner) return inner;
            return Text(schema->format);
        }
    }

    private static string Text(byte* text) => text == null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";

    /// <summary>Imports a record batch from moved structs and frees both structs; the array's data is now owned by the batch.</summary>
    public static ImportedBatch ImportBatch(CArrowSchema* schemaStruct, CArrowArray* array, SchemaCache? cache = null,
        Func<Schema, bool[]?>? columns = null)
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
        return ImportBatch(schema, array, columns);
    }

    /// <summary>
    /// Validates and imports a moved array; takes ownership of it (released on failure). <paramref name="columns"/>
    /// picks, per batch schema, the columns to import (null: all): the others are neither validated nor wrapped, and
    /// stand in the batch as null arrays that nothing reads, so a query over 3 of 50 columns pays for 3.
    /// </summary>
    public static ImportedBatch ImportBatch(Schema schema, CArrowArray* array, Func<Schema, bool[]?>? columns = null)
    {
        bool[]? selected;
        bool native;
        try
        {
            selected = columns?.Invoke(schema);
            native = NativeArrayImporter.Supports(schema, selected);
            // Apache.Arrow's importer (the fallback) reads every column, so then every column is validated.
            CDataValidator.ValidateRecordBatch(schema, array, native ? selected : null);
        }
        catch
        {
            CArrowArray.Free(array);
            throw;
        }
        if (native)
        {
            try
            {
                return NativeArrayImporter.ImportBatch(schema, array, selected);
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
}
