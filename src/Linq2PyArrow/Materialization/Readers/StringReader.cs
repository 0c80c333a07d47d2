using System.Runtime.CompilerServices;
using Linq2PyArrow.Arrow;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>Where the bytes of each value of a string or binary column are, for one Arrow layout.</summary>
internal interface IValueBytes<TSelf> where TSelf : struct, IValueBytes<TSelf>
{
    static abstract TSelf Create(IArrowArray array, ColumnContext context);

    bool IsNull(int index);

    /// <summary>The value's bytes in place; valid only while the batch is alive.</summary>
    ReadOnlySpan<byte> Bytes(int index);
}

/// <summary>
/// utf8 / large_utf8 / utf8_view columns as strings, decoded per value (a copy: rows never point into the batch).
/// A struct over raw pointers for every layout, so polars' views and large strings take the fast path too.
/// </summary>
internal readonly struct TextReader<TBytes>(IArrowArray array, ColumnContext context) : IColumnReader<string>
    where TBytes : struct, IValueBytes<TBytes>
{
    private readonly TBytes _bytes = TBytes.Create(array, context);
    private readonly ColumnContext _context = context;

    /// <summary>The string; null for a null value (nullable reference targets).</summary>
    public string? GetNullable(int index) => _bytes.IsNull(index) ? null : Utf8Text.Decode(_bytes.Bytes(index));

    /// <summary>The string; a null value is an error (non-nullable reference targets).</summary>
    public string Get(int index) => _bytes.IsNull(index) ? throw _context.NullValue(index) : Utf8Text.Decode(_bytes.Bytes(index));

    public bool IsNull(int index) => _bytes.IsNull(index);
}

/// <summary>binary / large_binary / binary_view columns as byte[], copied out per value.</summary>
internal readonly struct BlobReader<TBytes>(IArrowArray array, ColumnContext context) : IColumnReader<byte[]>
    where TBytes : struct, IValueBytes<TBytes>
{
    private readonly TBytes _bytes = TBytes.Create(array, context);
    private readonly ColumnContext _context = context;

    public byte[]? GetNullable(int index) => _bytes.IsNull(index) ? null : _bytes.Bytes(index).ToArray();

    public byte[] Get(int index) => _bytes.IsNull(index) ? throw _context.NullValue(index) : _bytes.Bytes(index).ToArray();

    public bool IsNull(int index) => _bytes.IsNull(index);
}

/// <summary>
/// 32-bit (or, with <see cref="LargeOffsetBytes"/>, 64-bit) offsets into one data buffer. The C Data Interface carries
/// no buffer sizes and only the ends are validated at import, so each value's offsets are checked here: one compare
/// keeps a malformed producer from making us read outside the data buffer.
/// </summary>
internal readonly unsafe struct OffsetBytes(IArrowArray array, ColumnContext context) : IValueBytes<OffsetBytes>
{
    private readonly int* _offsets = (int*)BufferPointer.Of(array.Data.Buffers[1]) + array.Offset;
    private readonly byte* _data = BufferPointer.Of(array.Data.Buffers[2]);
    private readonly int _dataLength = array.Data.Buffers[2].Length;
    private readonly Validity _validity = Validity.Of(array);

    public static OffsetBytes Create(IArrowArray array, ColumnContext context) => new(array, context);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _validity.IsNull(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Bytes(int index)
    {
        int start = _offsets[index], end = _offsets[index + 1];
        if ((uint)start > (uint)end || (uint)end > (uint)_dataLength) throw Outside(context, index, start, end, _dataLength);
        return new(_data + start, end - start);
    }

    internal static Exception Outside(ColumnContext context, int index, long start, long end, long length) =>
        context.Malformed(index, $"has offsets {start}..{end} outside its {length}-byte data buffer");
}

/// <summary>large_utf8 / large_binary: 64-bit offsets.</summary>
internal readonly unsafe struct LargeOffsetBytes(IArrowArray array, ColumnContext context) : IValueBytes<LargeOffsetBytes>
{
    private readonly long* _offsets = (long*)BufferPointer.Of(array.Data.Buffers[1]) + array.Offset;
    private readonly byte* _data = BufferPointer.Of(array.Data.Buffers[2]);
    private readonly long _dataLength = array.Data.Buffers[2].Length;
    private readonly Validity _validity = Validity.Of(array);

    public static LargeOffsetBytes Create(IArrowArray array, ColumnContext context) => new(array, context);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _validity.IsNull(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Bytes(int index)
    {
        long start = _offsets[index], end = _offsets[index + 1];
        if ((ulong)start > (ulong)end || (ulong)end > (ulong)_dataLength) throw OffsetBytes.Outside(context, index, start, end, _dataLength);
        return new(_data + start, (int)(end - start));
    }
}

/// <summary>
/// utf8_view / binary_view (polars' default): 16-byte views holding the value inline (up to 12 bytes) or a buffer
/// index and offset into one of the variadic data buffers, each checked against that buffer's size.
/// </summary>
internal readonly unsafe struct ViewBytes : IValueBytes<ViewBytes>
{
    private readonly byte* _views;
    private readonly nint[] _buffers;
    private readonly int[] _lengths;
    private readonly Validity _validity;
    private readonly ColumnContext _context;

    private ViewBytes(IArrowArray array, ColumnContext context)
    {
        _views = BufferPointer.Of(array.Data.Buffers[1]) + 16L * array.Offset;
        var data = array.Data.Buffers.AsSpan(2);
        _buffers = new nint[data.Length];
        _lengths = new int[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            _buffers[i] = (nint)BufferPointer.Of(data[i]);
            _lengths[i] = data[i].Length;
        }
        _validity = Validity.Of(array);
        _context = context;
    }

    public static ViewBytes Create(IArrowArray array, ColumnContext context) => new(array, context);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _validity.IsNull(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Bytes(int index)
    {
        var view = _views + 16L * index;
        var length = *(int*)view;
        if ((uint)length <= 12) return new(view + 4, length);
        int buffer = *(int*)(view + 8), offset = *(int*)(view + 12);
        if ((uint)buffer >= (uint)_buffers.Length || (uint)offset > (uint)_lengths[buffer] || (uint)length > (uint)(_lengths[buffer] - offset))
            throw _context.Malformed(index, $"has a view of {length} bytes at offset {offset} of data buffer {buffer}, outside the buffers it has");
        return new((byte*)_buffers[buffer] + offset, length);
    }
}
