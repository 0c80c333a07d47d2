using Apache.Arrow.Types;

namespace Linq2PyArrow.Arrow;

/// <summary>
/// Whether a batch's column may stand in for the declared one. Physical variants of one logical type are
/// accepted (string / large_string / string_view, any timestamp unit with the same time-zone awareness,
/// dictionary-encoded values), because producers differ in what they emit (polars emits views, pandas
/// categoricals arrive dictionary-encoded) and the readers decode them all. Numeric types must match exactly.
/// </summary>
internal static class TypeCompatibility
{
    public static bool IsCompatible(IArrowType declared, IArrowType actual)
    {
        if (actual is DictionaryType actualDictionary) actual = actualDictionary.ValueType;
        if (declared is DictionaryType declaredDictionary) declared = declaredDictionary.ValueType;
        return (declared, actual) switch
        {
            (StringType or LargeStringType or StringViewType, StringType or LargeStringType or StringViewType) => true,
            (BinaryType or LargeBinaryType or BinaryViewType, BinaryType or LargeBinaryType or BinaryViewType) => true,
            (TimestampType d, TimestampType a) => string.IsNullOrEmpty(d.Timezone) == string.IsNullOrEmpty(a.Timezone),
            (Date32Type or Date64Type, Date32Type or Date64Type) => true,
            (Time32Type or Time64Type, Time32Type or Time64Type) => true,
            (DurationType, DurationType) => true,
            (Decimal128Type, Decimal128Type) => true,
            (Decimal256Type, Decimal256Type) => true,
            (FixedSizeBinaryType d, FixedSizeBinaryType a) => d.ByteWidth == a.ByteWidth,
            (ListType or LargeListType or FixedSizeListType, ListType or LargeListType or FixedSizeListType) =>
                IsCompatible(ListValueType(declared), ListValueType(actual)),
            (StructType d, StructType a) => d.Fields.Count == a.Fields.Count && d.Fields.All(f =>
                a.Fields.FirstOrDefault(x => x.Name == f.Name) is { } match && IsCompatible(f.DataType, match.DataType)),
            _ => declared.TypeId == actual.TypeId,
        };
    }

    public static IArrowType ListValueType(IArrowType type) => type switch
    {
        ListType l => l.ValueDataType,
        LargeListType l => l.ValueDataType,
        FixedSizeListType l => l.ValueDataType,
        _ => throw new ArgumentException($"{type.Name} is not a list type"),
    };
}
