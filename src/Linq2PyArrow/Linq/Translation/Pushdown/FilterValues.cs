using Apache.Arrow.Types;
using Linq2PyArrow.Materialization;

namespace Linq2PyArrow.Linq.Translation.Pushdown;

/// <summary>A value ready for a pushed filter (PyConvert turns it into the Python value).</summary>
internal readonly record struct PushValue(object Value);

/// <summary>
/// Converts a .NET comparison value into the Python value a source compares its column with, following the
/// column's Arrow type: timestamps naive or aware like the column (DateTime and DateTimeOffset compare instants
/// in .NET), dates as datetime.date, decimals as decimal.Decimal. Returns null when pushing the value could drop
/// a row .NET keeps: null (sources follow SQL, where nothing equals null), precision a Python datetime cannot
/// hold, float32 columns (a source may round the constant to float32), collections with their own equality.
/// </summary>
internal static class FilterValues
{
    public static PushValue? For(object? value, MemberBinding column)
    {
        if (value is null) return null;
        var type = column.Field.DataType is DictionaryType dictionary ? dictionary.ValueType : column.Field.DataType;
        return (type, value) switch
        {
            (BooleanType, bool b) => new PushValue(b),
            (StringType or LargeStringType or StringViewType, string s) => new PushValue(s),
            (Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type or DoubleType, _) => Number(value),
            (Decimal128Type or Decimal256Type, decimal or long or int or short or sbyte or byte or ushort or uint or ulong) => new PushValue(value),
            (TimestampType timestamp, DateTime dt) => Timestamp(dt.Ticks, !string.IsNullOrEmpty(timestamp.Timezone)),
            (TimestampType timestamp, DateTimeOffset dto) => string.IsNullOrEmpty(timestamp.Timezone)
                ? Timestamp(dto.UtcTicks, false)
                : dto.Ticks % 10 == 0 ? new PushValue(dto) : null,
            (Date32Type or Date64Type, DateOnly date) => new PushValue(date),
            (Date32Type or Date64Type, DateTime dt) => dt.TimeOfDay == TimeSpan.Zero ? new PushValue(DateOnly.FromDateTime(dt)) : null,
            _ => null,
        };
    }

    /// <summary>The items of an in / not in list; null when any item cannot be pushed or the collection's equality is its own.</summary>
    public static PushValue? ForList(object? value, MemberBinding column)
    {
        if (value is not System.Collections.IEnumerable items || !HasDefaultEquality(value)) return null;
        var converted = new List<object>();
        foreach (var item in items)
        {
            // Contains finds null and NaN (EqualityComparer semantics); a source never matches either.
            if (item is null)
            {
                if (column.Required) continue; // a non-nullable column holds no null to find
                return null;
            }
            if (item is double.NaN or float.NaN) return null;
            if (For(item, column) is not { } pushed) return null;
            converted.Add(pushed.Value);
        }
        return new PushValue(converted);
    }

    private static PushValue? Number(object value) => value switch
    {
        long or int or short or sbyte or byte or ushort or uint or ulong or double => new PushValue(value),
        float f => new PushValue((double)f),
        decimal m => new PushValue(m),
        _ => null,
    };

    /// <summary>Python datetimes hold microseconds: a value with finer ticks would compare differently.</summary>
    private static PushValue? Timestamp(long ticks, bool aware) =>
        ticks % 10 != 0 ? null : new PushValue(new DateTime(ticks, aware ? DateTimeKind.Utc : DateTimeKind.Unspecified));

    /// <summary>Arrays, lists and hash sets with the default comparer: Contains means Equals, as in Python.</summary>
    private static bool HasDefaultEquality(object collection)
    {
        var type = collection.GetType();
        if (type.IsArray) return true;
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(List<>)) return true;
        if (definition != typeof(HashSet<>)) return false;
        var comparer = type.GetProperty(nameof(HashSet<int>.Comparer))!.GetValue(collection);
        var standard = typeof(EqualityComparer<>).MakeGenericType(type.GetGenericArguments()[0]).GetProperty(nameof(EqualityComparer<int>.Default))!.GetValue(null);
        return ReferenceEquals(comparer, standard);
    }
}
