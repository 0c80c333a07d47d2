using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>Fixed-width values (integers, floats, and the raw storage of temporal types) through a pointer.</summary>
internal readonly unsafe struct PrimitiveReader<T> : IColumnReader<T> where T : unmanaged
{
    private readonly T* _values;
    private readonly Validity _validity;
    private readonly ColumnContext _context;

    public PrimitiveReader(IArrowArray array, ColumnContext context)
    {
        _values = (T*)BufferPointer.Of(array.Data.Buffers[1]) + array.Offset;
        _validity = Validity.Of(array);
        _context = context;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Get(int index)
    {
        if (_validity.IsNull(index)) throw _context.NullValue(index);
        return _values[index];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? GetNullable(int index) => _validity.IsNull(index) ? null : _values[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _validity.IsNull(index);

    /// <summary>The value ignoring validity (for kernels that check validity themselves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Raw(int index) => _values[index];
}

/// <summary>Bit-packed booleans.</summary>
internal readonly unsafe struct BooleanReader : IColumnReader<bool>
{
    private readonly byte* _bits;
    private readonly int _offset;
    private readonly Validity _validity;
    private readonly ColumnContext _context;

    public BooleanReader(IArrowArray array, ColumnContext context)
    {
        _bits = BufferPointer.Of(array.Data.Buffers[1]);
        _offset = array.Offset;
        _validity = Validity.Of(array);
        _context = context;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Value(int index)
    {
        var bit = index + _offset;
        return (_bits[bit >> 3] & (1 << (bit & 7))) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Get(int index) => _validity.IsNull(index) ? throw _context.NullValue(index) : Value(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool? GetNullable(int index) => _validity.IsNull(index) ? null : Value(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _validity.IsNull(index);
}
