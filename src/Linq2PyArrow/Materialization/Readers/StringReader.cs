using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>utf8 and binary columns with 32-bit offsets (the common layout), decoded per value.</summary>
internal readonly unsafe struct Utf8Reader : IColumnReader<string>
{
    private readonly int* _offsets;
    private readonly byte* _data;
    private readonly int _dataLength;
    private readonly Validity _validity;
    private readonly ColumnContext _context;

    public Utf8Reader(IArrowArray array, ColumnContext context)
    {
        _offsets = (int*)BufferPointer.Of(array.Data.Buffers[1]) + array.Offset;
        _data = BufferPointer.Of(array.Data.Buffers[2]);
        _dataLength = array.Data.Buffers[2].Length;
        _validity = Validity.Of(array);
        _context = context;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Bytes(int index)
    {
        int start = _offsets[index], end = _offsets[index + 1];
        // One compare per value keeps a malformed producer from making us read outside the data buffer.
        if ((uint)start > (uint)end || (uint)end > (uint)_dataLength) throw OutsideData(index, start, end);
        return new(_data + start, end - start);
    }

    private Exception OutsideData(int index, int start, int end) =>
        _context.Malformed(index, $"has offsets {start}..{end} outside its {_dataLength}-byte data buffer");

    /// <summary>The string; null for a null value (nullable reference targets).</summary>
    public string? GetNullable(int index) => _validity.IsNull(index) ? null : Encoding.UTF8.GetString(Bytes(index));

    /// <summary>The string; a null value is an error (non-nullable reference targets).</summary>
    public string Get(int index) => _validity.IsNull(index) ? throw _context.NullValue(index) : Encoding.UTF8.GetString(Bytes(index));

    /// <summary>The UTF-8 bytes in place; valid only while the batch is alive.</summary>
    public ReadOnlySpan<byte> Span(int index) => Bytes(index);

    public bool IsNull(int index) => _validity.IsNull(index);
}

/// <summary>binary columns with 32-bit offsets, copied out per value (a row must not point into the batch).</summary>
internal readonly struct BinaryReader(IArrowArray array, ColumnContext context) : IColumnReader<byte[]>
{
    private readonly Utf8Reader _view = new(array, context);
    private readonly ColumnContext _context = context;

    public byte[]? GetNullable(int index) => _view.IsNull(index) ? null : _view.Span(index).ToArray();

    public byte[] Get(int index) => _view.IsNull(index) ? throw _context.NullValue(index) : _view.Span(index).ToArray();

    public bool IsNull(int index) => _view.IsNull(index);
}
