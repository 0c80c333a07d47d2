using Apache.Arrow;
using Apache.Arrow.C;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Remembers the last schema a reader imported. Sources that yield batches through __arrow_c_array__ send a
/// schema with every batch; parsing it into Apache.Arrow types costs more than importing the batch itself, and
/// a fresh Schema object per batch would defeat the per-schema checks downstream. The C struct is compared
/// byte for byte (formats, names, flags, metadata, children, dictionaries) with the last one; an equal struct
/// is released and the cached Schema reused. One instance per reader thread (not thread-safe).
/// </summary>
internal sealed unsafe class SchemaCache
{
    private byte[] _lastKey = [];
    private Schema? _last;
    private readonly List<byte> _key = [];

    /// <summary>Imports (or reuses) and frees the moved schema struct.</summary>
    public Schema Import(CArrowSchema* schema)
    {
        _key.Clear();
        if (!TryAppend(schema, 0))
        {
            _last = null; // too deep or malformed for a key: let the importer judge it
            return ArrowImporter.ImportSchema(schema);
        }
        if (_last is not null && System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_key).SequenceEqual(_lastKey))
        {
            CArrowSchema.Free(schema);
            return _last;
        }
        var imported = ArrowImporter.ImportSchema(schema);
        _lastKey = [.. _key];
        _last = imported;
        return imported;
    }

    private bool TryAppend(CArrowSchema* schema, int depth)
    {
        if (schema == null || depth > 64 || schema->n_children < 0 || (schema->n_children > 0 && schema->children == null)) return false;
        AppendString(schema->format);
        AppendString(schema->name);
        if (!TryAppendMetadata(schema->metadata)) return false;
        AppendLong(schema->flags);
        AppendLong(schema->n_children);
        for (var i = 0; i < schema->n_children; i++)
            if (!TryAppend(schema->children[i], depth + 1)) return false;
        _key.Add(schema->dictionary == null ? (byte)0 : (byte)1);
        return schema->dictionary == null || TryAppend(schema->dictionary, depth + 1);
    }

    private void AppendString(byte* text)
    {
        if (text != null)
            for (var p = text; *p != 0; p++) _key.Add(*p);
        _key.Add(0);
    }

    /// <summary>Metadata is an int32 count, then (int32 length + bytes) per key and per value.</summary>
    private bool TryAppendMetadata(byte* metadata)
    {
        if (metadata == null)
        {
            AppendLong(-1);
            return true;
        }
        var p = metadata;
        var pairs = *(int*)p;
        p += 4;
        if (pairs < 0) return false;
        AppendLong(pairs);
        for (var i = 0; i < pairs * 2; i++)
        {
            var length = *(int*)p;
            p += 4;
            if (length < 0) return false;
            AppendLong(length);
            for (var j = 0; j < length; j++) _key.Add(p[j]);
            p += length;
        }
        return true;
    }

    private void AppendLong(long value)
    {
        for (var i = 0; i < 8; i++) _key.Add((byte)(value >> (8 * i)));
    }
}
