using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>Converts a column's stored value to the member's type (timestamps to DateTime, int32 to long…).</summary>
internal interface IValueConverter<TRaw, TValue>
{
    /// <summary>False when the stored value is outside the range of <typeparamref name="TValue"/>.</summary>
    bool TryConvert(TRaw raw, out TValue value);
}

/// <summary>
/// A fixed-width column read through a converter. Both are structs, so the JIT specializes and inlines the
/// whole access: no virtual call, no boxing per value. A value the target type cannot hold (a year beyond
/// 9999, a duration beyond TimeSpan) is an error naming the column and row, never a silently wrong value.
/// </summary>
internal readonly struct ConvertingReader<TRaw, TValue, TConverter>(IArrowArray array, ColumnContext context, TConverter converter)
    : IColumnReader<TValue>
    where TRaw : unmanaged
    where TValue : struct
    where TConverter : struct, IValueConverter<TRaw, TValue>
{
    private readonly PrimitiveReader<TRaw> _raw = new(array, context);
    private readonly ColumnContext _context = context;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TValue Get(int index)
    {
        if (_raw.IsNull(index)) throw _context.NullValue(index);
        return Convert(index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TValue? GetNullable(int index) => _raw.IsNull(index) ? null : Convert(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _raw.IsNull(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TValue Convert(int index)
    {
        var raw = _raw.Raw(index);
        return converter.TryConvert(raw, out var value) ? value : throw _context.OutOfRange(index, raw);
    }
}
