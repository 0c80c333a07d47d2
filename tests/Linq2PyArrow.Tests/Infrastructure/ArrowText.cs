using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// Every value of an Apache.Arrow array as text, through the arrays' own accessors (nested types recursively), so
/// two batches read by different paths (C Data import, IPC) can be compared value by value with their types.
/// </summary>
internal static class ArrowText
{
    public static IReadOnlyList<string> Rows(RecordBatch batch) =>
        Enumerable.Range(0, batch.Length).Select(row => string.Join(" | ",
            batch.Schema.FieldsList.Select((field, column) => $"{field.Name}: {Value(batch.Column(column), row)}"))).ToList();

    public static string Type(RecordBatch batch) =>
        string.Join(", ", batch.Schema.FieldsList.Select(f => $"{f.Name} {f.DataType.Name} {Describe(f.DataType)} nullable={f.IsNullable}"));

    private static string Describe(IArrowType type) => type switch
    {
        TimestampType t => $"{t.Unit}/{t.Timezone}",
        Time32Type t => t.Unit.ToString(),
        Time64Type t => t.Unit.ToString(),
        DurationType t => t.Unit.ToString(),
        Decimal128Type t => $"{t.Precision},{t.Scale}",
        Decimal256Type t => $"{t.Precision},{t.Scale}",
        DictionaryType t => $"{t.IndexType.Name}->{t.ValueType.Name} ordered={t.Ordered}",
        NestedType t => "<" + string.Join(", ", t.Fields.Select(f => $"{f.Name} {f.DataType.Name} {Describe(f.DataType)}")) + ">",
        _ => "",
    };

    public static string Value(IArrowArray array, int index)
    {
        if (array.IsNull(index)) return "null";
        return array switch
        {
            BooleanArray a => a.GetValue(index)!.Value ? "true" : "false",
            Int8Array a => Text(a.GetValue(index)),
            Int16Array a => Text(a.GetValue(index)),
            Int32Array a => Text(a.GetValue(index)),
            Int64Array a => Text(a.GetValue(index)),
            UInt8Array a => Text(a.GetValue(index)),
            UInt16Array a => Text(a.GetValue(index)),
            UInt32Array a => Text(a.GetValue(index)),
            UInt64Array a => Text(a.GetValue(index)),
            HalfFloatArray a => Text(a.GetValue(index)),
            FloatArray a => Text(a.GetValue(index)),
            DoubleArray a => Text(a.GetValue(index)),
            Date32Array a => Text(a.GetValue(index)),
            Date64Array a => Text(a.GetValue(index)),
            Time32Array a => Text(a.GetValue(index)),
            Time64Array a => Text(a.GetValue(index)),
            TimestampArray a => Text(a.GetValue(index)),
            DurationArray a => Text(a.GetValue(index)),
            Decimal128Array a => a.GetString(index) ?? "?",
            Decimal256Array a => a.GetString(index) ?? "?",
            StringArray a => "'" + a.GetString(index) + "'",
            LargeStringArray a => "'" + a.GetString(index) + "'",
            StringViewArray a => "'" + a.GetString(index) + "'",
            BinaryArray a => Convert.ToHexString(a.GetBytes(index)),
            LargeBinaryArray a => Convert.ToHexString(a.GetBytes(index)),
            BinaryViewArray a => Convert.ToHexString(a.GetBytes(index)),
            FixedSizeBinaryArray a => Convert.ToHexString(a.GetBytes(index)),
            ListArray a => List(a.Values, a.ValueOffsets[index], a.ValueOffsets[index + 1]),
            LargeListArray a => List(a.Values, checked((int)a.ValueOffsets[index]), checked((int)a.ValueOffsets[index + 1])),
            FixedSizeListArray a => List(a.Values, index * ((FixedSizeListType)a.Data.DataType).ListSize,
                (index + 1) * ((FixedSizeListType)a.Data.DataType).ListSize),
            StructArray a => "{" + string.Join(", ", a.Fields.Select((f, i) =>
                $"{((StructType)a.Data.DataType).Fields[i].Name}={Value(f, index)}")) + "}",
            DictionaryArray a => Value(a.Dictionary, Index(a.Indices, index)),
            _ => throw new NotSupportedException($"ArrowText has no reader for {array.GetType().Name}"),
        };
    }

    private static string List(IArrowArray values, int start, int end) =>
        "[" + string.Join(", ", Enumerable.Range(start, end - start).Select(i => Value(values, i))) + "]";

    private static int Index(IArrowArray indices, int index) => indices switch
    {
        Int8Array a => a.GetValue(index)!.Value,
        Int16Array a => a.GetValue(index)!.Value,
        Int32Array a => a.GetValue(index)!.Value,
        Int64Array a => checked((int)a.GetValue(index)!.Value),
        UInt8Array a => a.GetValue(index)!.Value,
        UInt16Array a => a.GetValue(index)!.Value,
        UInt32Array a => checked((int)a.GetValue(index)!.Value),
        UInt64Array a => checked((int)a.GetValue(index)!.Value),
        _ => throw new NotSupportedException(indices.GetType().Name),
    };

    private static string Text<T>(T? value) where T : struct, IFormattable =>
        value is { } v ? v.ToString(null, CultureInfo.InvariantCulture) : "?";
}
