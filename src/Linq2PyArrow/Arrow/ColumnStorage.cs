using Apache.Arrow;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Arrow;

/// <summary>Storage types and raw buffer access behind the columnar API.</summary>
internal static unsafe class ColumnStorage
{
    /// <summary>The .NET type of a fixed-width column's values as stored, or null for other layouts.</summary>
    public static Type? FixedWidth(IArrowType type) => type switch
    {
        Int8Type => typeof(sbyte), Int16Type => typeof(short), Int32Type => typeof(int), Int64Type => typeof(long),
        UInt8Type => typeof(byte), UInt16Type => typeof(ushort), UInt32Type => typeof(uint), UInt64Type => typeof(ulong),
        HalfFloatType => typeof(Half), FloatType => typeof(float), DoubleType => typeof(double),
        Date32Type or Time32Type => typeof(int),
        Date64Type or Time64Type or TimestampType or DurationType => typeof(long),
        Decimal128Type => typeof(Int128),
        _ => null,
    };

    public static byte* Pointer(ArrowBuffer buffer) => Materialization.Readers.BufferPointer.Of(buffer);

    public static InvalidOperationException WrongAccess(string column, IArrowType type, string access)
    {
        var described = ArrowTypeNames.Describe(type);
        var hint = type switch
        {
            BooleanType => "Booleans(column)",
            DictionaryType or StringType or LargeStringType or StringViewType or BinaryType or LargeBinaryType or BinaryViewType =>
                "Strings(column), GetString or GetBytes",
            _ when FixedWidth(type) is { } storage => $"Values<{storage.Name}>(column)",
            _ => null,
        };
        return new InvalidOperationException(hint is null
            ? $"Column '{column}' is {described}, which {access} cannot read; the columnar API reads fixed-width, bool, string and binary columns (use rows for the others)."
            : $"Column '{column}' is {described}, which {access} cannot read; use {hint}.");
    }
}
