using Apache.Arrow;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Sources;

/// <summary>
/// The column a query that needs no column (Count(), Any(), a predicate over captured values only) asks the source
/// for. Asking for <c>columns=[]</c> would let a source that builds its batches from the requested columns only
/// return batches of zero rows, and Count() would silently be 0; one cheap column carries the row count instead.
/// The rule: the narrowest fixed-width column (bool 1 bit, int8/uint8 8, int16/uint16/float16 16,
/// int32/uint32/float32/date32/time32 32, int64/uint64/float64/date64/time64/timestamp/duration 64, decimal128 128,
/// fixed_size_binary(n) 8n, decimal256 256), then a string or binary column (dictionary-encoded ones included),
/// then anything else (lists, structs, maps…); the first in schema order among equals.
/// </summary>
internal static class CheapestColumn
{
    private const int VariableWidth = int.MaxValue - 1;
    private const int Other = int.MaxValue;

    /// <summary>The cheapest column of the schema, or null when it has none.</summary>
    public static string? Of(Schema schema)
    {
        string? best = null;
        var bestCost = int.MaxValue;
        foreach (var field in schema.FieldsList)
        {
            var cost = Cost(field.DataType);
            if (best is not null && cost >= bestCost) continue;
            best = field.Name;
            bestCost = cost;
        }
        return best;
    }

    /// <summary>Bits per value for fixed-width types; larger ranks for variable-width and nested types.</summary>
    internal static int Cost(IArrowType type) => type switch
    {
        BooleanType => 1,
        Int8Type or UInt8Type => 8,
        Int16Type or UInt16Type or HalfFloatType => 16,
        Int32Type or UInt32Type or FloatType or Date32Type or Time32Type => 32,
        Int64Type or UInt64Type or DoubleType or Date64Type or Time64Type or TimestampType or DurationType => 64,
        Decimal128Type => 128,
        Decimal256Type => 256,
        FixedSizeBinaryType f => (int)Math.Min(8L * f.ByteWidth, VariableWidth - 1),
        StringType or LargeStringType or StringViewType or BinaryType or LargeBinaryType or BinaryViewType or DictionaryType => VariableWidth,
        _ => Other,
    };
}
