using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>Converts a column's stored value to the member's type (timestamps to DateTime, int32 to long…).</summary>
internal interface IValueConverter<TRaw, TValue>
{
    TValue Convert(TRaw raw);
}

/// <summary>
/// A fixed-width column read through a converter. Both are structs, so the JIT specializes and inlines the
/// whole access: no virtual call, no boxing per value.
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
    public TValue Get(int index) => _raw.IsNull(index) ? throw _context.NullValue(index) : converter.Convert(_raw.Raw(index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TValue? GetNullable(int index) => _raw.IsNull(index) ? null : converter.Convert(_raw.Raw(index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _raw.IsNull(index);
}
