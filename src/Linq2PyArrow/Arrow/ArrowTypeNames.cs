using Apache.Arrow.Types;

namespace Linq2PyArrow.Arrow;

/// <summary>Arrow type names as pyarrow prints them, so messages read the same on both sides.</summary>
internal static class ArrowTypeNames
{
    public static string Describe(IArrowType type) => type switch
    {
        BooleanType => "bool",
        Int8Type => "int8", Int16Type => "int16", Int32Type => "int32", Int64Type => "int64",
        UInt8Type => "uint8", UInt16Type => "uint16", UInt32Type => "uint32", UInt64Type => "uint64",
        HalfFloatType => "halffloat", FloatType => "float", DoubleType => "double",
        StringType => "string", LargeStringType => "large_string", StringViewType => "string_view",
        BinaryType => "binary", LargeBinaryType => "large_binary", BinaryViewType => "binary_view",
        FixedSizeBinaryType f and not Decimal128Type and not Decimal256Type => $"fixed_size_binary[{f.ByteWidth}]",
        Date32Type => "date32[day]", Date64Type => "date64[ms]",
        Time32Type t => $"time32[{Unit(t.Unit)}]", Time64Type t => $"time64[{Unit(t.Unit)}]",
        TimestampType t => string.IsNullOrEmpty(t.Timezone) ? $"timestamp[{Unit(t.Unit)}]" : $"timestamp[{Unit(t.Unit)}, tz={t.Timezone}]",
        DurationType d => $"duration[{Unit(d.Unit)}]",
        Decimal128Type d => $"decimal128({d.Precision}, {d.Scale})",
        Decimal256Type d => $"decimal256({d.Precision}, {d.Scale})",
        ListType l => $"list<{l.ValueField.Name}: {Describe(l.ValueDataType)}>",
        LargeListType l => $"large_list<{l.ValueField.Name}: {Describe(l.ValueDataType)}>",
        FixedSizeListType l => $"fixed_size_list<{l.ValueField.Name}: {Describe(l.ValueDataType)}>[{l.ListSize}]",
        StructType s => $"struct<{string.Join(", ", s.Fields.Select(f => $"{f.Name}: {Describe(f.DataType)}"))}>",
        MapType m => $"map<{Describe(m.KeyField.DataType)}, {Describe(m.ValueField.DataType)}>",
        DictionaryType d => $"dictionary<values={Describe(d.ValueType)}, indices={Describe(d.IndexType)}>",
        NullType => "null",
        _ => type.Name,
    };

    private static string Unit(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };
}
