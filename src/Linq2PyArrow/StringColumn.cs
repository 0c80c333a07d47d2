using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Linq2PyArrow.Arrow;

namespace Linq2PyArrow;

/// <summary>
/// A string or binary column of any Arrow layout (utf8/binary, their large and view variants, dictionary-encoded
/// values). <see cref="GetBytes"/> reads in place; <see cref="GetString"/> decodes UTF-8 into a new string.
/// Valid only inside the batch callback.
/// </summary>
public readonly ref struct StringColumn
{
    private readonly ReadOnlySpan<int> _offsets;     // utf8 / binary: Length + 1 offsets into _data
    private readonly ReadOnlySpan<long> _largeOffsets; // large_utf8 / large_binary
    private readonly ReadOnlySpan<byte> _data;
    private readonly IArrowArray? _other;            // views and dictionaries: read through the array
    private readonly string?[]? _decoded;            // dictionary values decoded once per batch
    private readonly Func<int, string, Exception> _malformed;

    internal unsafe StringColumn(IArrowArray array, Func<int, string, Exception> malformed)
    {
        _malformed = malformed;
        Validity = ColumnValidity.Of(array);
        switch (array.Data.DataType)
        {
            case StringType or BinaryType:
                _offsets = new ReadOnlySpan<int>((int*)ColumnStorage.Pointer(array.Data.Buffers[1]) + array.Offset, array.Length + 1);
                _data = Span(array.Data.Buffers[2]);
                break;
            case LargeStringType or LargeBinaryType:
                _largeOffsets = new ReadOnlySpan<long>((long*)ColumnStorage.Pointer(array.Data.Buffers[1]) + array.Offset, array.Length + 1);
                _data = Span(array.Data.Buffers[2]);
                break;
            case DictionaryType:
                _other = array;
                _decoded = new string?[((DictionaryArray)array).Dictionary.Length];
                break;
            default:
                _other = array;
                break;
        }
    }

    internal static bool Supports(IArrowType type) => type switch
    {
        StringType or LargeStringType or StringViewType or BinaryType or LargeBinaryType or BinaryViewType => true,
        DictionaryType d => d.ValueType is StringType or LargeStringType or StringViewType or BinaryType or LargeBinaryType or BinaryViewType,
        _ => false,
    };

    /// <summary>Rows in the column.</summary>
    public int Length => Validity.Length;

    /// <summary>Which rows are null.</summary>
    public ColumnValidity Validity { get; }

    /// <summary>True when the row is null.</summary>
    public bool IsNull(int row) => Validity.IsNull(row);

    /// <summary>The value's bytes (UTF-8 for strings), in place; empty for null rows.</summary>
    public ReadOnlySpan<byte> GetBytes(int row)
    {
        if (Validity.IsNull(row)) return [];
        if (!_offsets.IsEmpty) return Slice(row, _offsets[row], _offsets[row + 1]);
        if (!_largeOffsets.IsEmpty) return Slice(row, _largeOffsets[row], _largeOffsets[row + 1]);
        return _other is DictionaryArray dictionary ? Bytes(dictionary.Dictionary, Index(dictionary, row)) : Bytes(_other!, row);
    }

    /// <summary>The C Data Interface carries no buffer sizes: each value's offsets are checked against the data buffer.</summary>
    private ReadOnlySpan<byte> Slice(int row, long start, long end)
    {
        if (start < 0 || end < start || end > _data.Length)
            throw _malformed(row, $"has offsets {start}..{end} outside its {_data.Length}-byte data buffer");
        return _data[(int)start..(int)end];
    }

    /// <summary>The value decoded from UTF-8 (a new string, or a cached one for dictionary values); null for null rows.</summary>
    public string? GetString(int row)
    {
        if (Validity.IsNull(row)) return null;
        if (_other is DictionaryArray dictionary)
        {
            var index = Index(dictionary, row);
            if (dictionary.Dictionary.IsNull(index)) return null;
            return _decoded![index] ??= Utf8Text.Decode(Bytes(dictionary.Dictionary, index));
        }
        return Utf8Text.Decode(GetBytes(row));
    }

    private static unsafe ReadOnlySpan<byte> Span(ArrowBuffer buffer) =>
        buffer.IsEmpty ? [] : new ReadOnlySpan<byte>(ColumnStorage.Pointer(buffer), buffer.Length);

    private static ReadOnlySpan<byte> Bytes(IArrowArray array, int index) => array switch
    {
        BinaryArray b => b.GetBytes(index),           // StringArray derives from BinaryArray
        LargeBinaryArray l => l.GetBytes(index),
        BinaryViewArray v => v.GetBytes(index),
        _ => throw new InvalidOperationException($"{array.GetType().Name} holds neither strings nor binaries."),
    };

    private int Index(DictionaryArray array, int row)
    {
        var key = array.Indices switch
        {
            Int8Array a => a.Values[row], Int16Array a => a.Values[row], Int32Array a => a.Values[row], Int64Array a => a.Values[row],
            UInt8Array a => a.Values[row], UInt16Array a => a.Values[row], UInt32Array a => a.Values[row], UInt64Array a => (long)Math.Min(a.Values[row], long.MaxValue),
            var other => throw new InvalidOperationException($"Dictionary indices of type {ArrowTypeNames.Describe(other.Data.DataType)} are not integers."),
        };
        if ((ulong)key >= (ulong)array.Dictionary.Length)
            throw _malformed(row, $"has dictionary index {key} but its dictionary has {array.Dictionary.Length} values");
        return (int)key;
    }
}
