using Apache.Arrow;
using Linq2PyArrow.Arrow;

namespace Linq2PyArrow;

/// <summary>Which rows of a column are null (the Arrow validity bitmap, in place). Valid only inside the batch callback.</summary>
public readonly ref struct ColumnValidity
{
    private readonly ReadOnlySpan<byte> _bits;  // empty when the column has no nulls
    private readonly int _offset;

    private ColumnValidity(ReadOnlySpan<byte> bits, int offset, int length, int nullCount)
    {
        _bits = bits;
        _offset = offset;
        Length = length;
        NullCount = nullCount;
    }

    internal static unsafe ColumnValidity Of(IArrowArray array)
    {
        var nulls = array.NullCount;
        var buffer = array.Data.Buffers.Length > 0 ? array.Data.Buffers[0] : ArrowBuffer.Empty;
        if (nulls == 0 || buffer.IsEmpty) return new ColumnValidity([], 0, array.Length, nulls);
        return new ColumnValidity(new ReadOnlySpan<byte>(ColumnStorage.Pointer(buffer), buffer.Length), array.Offset, array.Length, nulls);
    }

    /// <summary>Rows in the column.</summary>
    public int Length { get; }

    /// <summary>Null rows in the column.</summary>
    public int NullCount { get; }

    /// <summary>False when every row has a value.</summary>
    public bool HasNulls => !_bits.IsEmpty;

    /// <summary>True when the row is null.</summary>
    public bool IsNull(int row) => !IsValid(row);

    /// <summary>True when the row has a value.</summary>
    public bool IsValid(int row)
    {
        if ((uint)row >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(row), row, $"The column has {Length} rows.");
        if (_bits.IsEmpty) return true;
        var bit = row + _offset;
        return (_bits[bit >> 3] & (1 << (bit & 7))) != 0;
    }
}

/// <summary>A bool column: Arrow packs booleans into bits. Valid only inside the batch callback.</summary>
public readonly ref struct BooleanColumn
{
    private readonly ReadOnlySpan<byte> _bits;
    private readonly int _offset;

    internal unsafe BooleanColumn(IArrowArray array)
    {
        var values = array.Data.Buffers[1];
        _bits = values.IsEmpty ? [] : new ReadOnlySpan<byte>(ColumnStorage.Pointer(values), values.Length);
        _offset = array.Offset;
        Validity = ColumnValidity.Of(array);
    }

    /// <summary>Rows in the column.</summary>
    public int Length => Validity.Length;

    /// <summary>Which rows are null.</summary>
    public ColumnValidity Validity { get; }

    /// <summary>True when the row is null.</summary>
    public bool IsNull(int row) => Validity.IsNull(row);

    /// <summary>The value of a row (false for null rows).</summary>
    public bool this[int row]
    {
        get
        {
            if (Validity.IsNull(row)) return false;
            var bit = row + _offset;
            return (_bits[bit >> 3] & (1 << (bit & 7))) != 0;
        }
    }
}
