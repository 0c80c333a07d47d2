using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>
/// An integer column as an enum: the value read as the enum's underlying type (losslessly widened when the column is
/// narrower) and reinterpreted, exactly as a C# cast does. Values the enum does not define are kept (as they are in
/// C#, and for [Flags] combinations), at no cost per value.
/// </summary>
internal readonly struct EnumReader<TReader, TUnderlying, TEnum>(TReader inner) : IColumnReader<TEnum>
    where TReader : struct, IColumnReader<TUnderlying>
    where TUnderlying : unmanaged
    where TEnum : unmanaged, Enum
{
    private readonly TReader _inner = inner;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TEnum Get(int index) => Unsafe.BitCast<TUnderlying, TEnum>(_inner.Get(index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TEnum? GetNullable(int index) => _inner.IsNull(index) ? null : Unsafe.BitCast<TUnderlying, TEnum>(_inner.Get(index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int index) => _inner.IsNull(index);
}

/// <summary>
/// A string column as an enum, by name (<see cref="EnumNames{TEnum}"/>: exact first, then ignoring case). A value
/// that names no member is an error naming the column, the value, the partition and the row.
/// </summary>
internal readonly struct EnumTextReader<TBytes, TEnum>(IArrowArray array, ColumnContext context) : IColumnReader<TEnum>
    where TBytes : struct, IValueBytes<TBytes>
    where TEnum : struct, Enum
{
    private readonly TBytes _bytes = TBytes.Create(array, context);
    private readonly ColumnContext _context = context;

    public TEnum Get(int index) => _bytes.IsNull(index) ? throw _context.NullValue(index) : Parse(index);

    public TEnum? GetNullable(int index) => _bytes.IsNull(index) ? null : Parse(index);

    public bool IsNull(int index) => _bytes.IsNull(index);

    private TEnum Parse(int index)
    {
        var bytes = _bytes.Bytes(index);
        return EnumNames<TEnum>.TryParse(bytes, out var value) ? value : throw EnumNames<TEnum>.Unknown(_context, index, bytes);
    }
}
