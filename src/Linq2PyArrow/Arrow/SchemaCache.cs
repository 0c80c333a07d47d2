using Apache.Arrow;
using Apache.Arrow.C;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Remembers the last few schemas imported. Sources that yield batches through __arrow_c_array__ send a schema with
/// every batch; parsing it into Apache.Arrow types costs more than importing the batch itself (about 100 µs for
/// five columns), and a fresh Schema object per batch would defeat the per-schema checks downstream. The C
/// struct is compared byte for byte (formats, names, flags, metadata, children, dictionaries) with the recent
/// ones; an equal struct is released and the cached Schema reused. A data source owns one, shared by its scans'
/// workers, so a query's first batch also hits the cache that earlier queries filled; it holds a few entries so
/// that partitions with different schemas (files written at different times) read in parallel do not evict
/// each other. Thread-safe: the entry list is replaced as a whole; each thread builds its key in its own buffer.
/// </summary>
internal sealed unsafe class SchemaCache
{
    private const int Capacity = 8;
    [ThreadStatic] private static List<byte>? t_key;
    private Entry[] _recent = []; // most recent first

    private sealed record Entry(byte[] Key, Schema Schema);

    /// <summary>Imports (or reuses) and frees the moved schema struct.</summary>
    public Schema Import(CArrowSchema* schema)
    {
        var key = t_key ??= [];
        key.Clear();
        if (!TryAppend(key, schema, 0))
            return ArrowImporter.ImportSchema(schema); // too deep or malformed for a key: let the importer judge it
        var recent = Volatile.Read(ref _recent);
        var keySpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(key);
        foreach (var entry in recent)
        {
            if (!keySpan.SequenceEqual(entry.Key)) continue;
            CArrowSchema.Free(schema);
            return entry.Schema;
        }
        var imported = ArrowImporter.ImportSchema(schema);
        Volatile.Write(ref _recent, [new Entry([.. key], imported), .. recent.Take(Capacity - 1)]);
        return imported;
    }

    private static bool TryAppend(List<byte> key, CArrowSchema* schema, int depth)
    {
        if (schema == null || depth > 64 || schema->n_children < 0 || (schema->n_children > 0 && schema->children == null)) return false;
        AppendString(key, schema->format);
        AppendString(key, schema->name);
        if (!TryAppendMetadata(key, schema->metadata)) return false;
        AppendLong(key, schema->flags);
        AppendLong(key, schema->n_children);
        for (var i = 0; i < schema->n_children; i++)
            if (!TryAppend(key, schema->children[i], depth + 1)) return false;
        key.Add(schema->dictionary == null ? (byte)0 : (byte)1);
        return schema->dictionary == null || TryAppend(key, schema->dictionary, depth + 1);
    }

    private static void AppendString(List<byte> key, byte* text)
    {
        if (text != null) key.AddRange(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));
        key.Add(0);
    }

    /// <summary>Metadata is an int32 count, then (int32 length + bytes) per key and per value.</summary>
    private static bool TryAppendMetadata(List<byte> key, byte* metadata)
    {
        if (metadata == null)
        {
            AppendLong(key, -1);
            return true;
        }
        var p = metadata;
        var pairs = *(int*)p;
        p += 4;
        if (pairs < 0) return false;
        AppendLong(key, pairs);
        for (var i = 0; i < pairs * 2; i++)
        {
            var length = *(int*)p;
            p += 4;
            if (length < 0) return false;
            AppendLong(key, length);
            key.AddRange(new ReadOnlySpan<byte>(p, length));
            p += length;
        }
        return true;
    }

    private static void AppendLong(List<byte> key, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        key.AddRange(bytes);
    }
}
