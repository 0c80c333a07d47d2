using Apache.Arrow.Types;
using Linq2PyArrow.Materialization;

namespace Linq2PyArrow.Linq.Translation.Pushdown;

/// <summary>A value ready for a pushed filter (PyConvert turns it into the Python value).</summary>
internal readonly record struct PushValue(object Value);

/// <summary>
/// Converts a .NET comparison value into the Python value a source compares its column with, following the
/// column's Arrow type: timestamps naive or aware like the column (DateTime and DateTimeOffset compare instants
/// in .NET), dates as datetime.date, decimals as decimal.Decimal. Returns null when pushing the value could drop
/// a row .NET keeps under any common evaluator (the filter contract, python/linq2pyarrow/filters): null (SQL and
/// pyarrow match nothing with it), NaN (PostgreSQL has NaN = NaN, SQLite binds it as NULL), a string that is not
/// valid UTF-16 (it reaches Python as U+FFFD, which equals other rows), precision a Python datetime cannot hold,
/// float32 columns (a source may round the constant to float32), nanosecond timestamps except for the comparisons
/// .NET's truncation to ticks cannot change, collections with their own equality.
/// </summary>
internal static class FilterValues
{
    public static PushValue? For(object? value, MemberBinding column, string op)
    {
        if (value is null || IsNaN(value)) return null;
        var type = column.Field.DataType is DictionaryType dictionary ? dictionary.ValueType : column.Field.DataType;
        return (type, value) switch
        {
            (BooleanType, bool b) => new PushValue(b),
            (StringType or LargeStringType or StringViewType, string s) => IsWellFormed(s) ? new PushValue(s) : null,
            (Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type or DoubleType, _) => Number(value),
            (Decimal128Type or Decimal256Type, decimal or long or int or short or sbyte or byte or ushort or uint or ulong) => new PushValue(value),
            (TimestampType { Unit: TimeUnit.Nanosecond }, _) when !SurvivesTruncation(op) => null,
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
    public static PushValue? ForList(object? value, MemberBinding column, string op)
    {
        if (value is not System.Collections.IEnumerable items || !HasDefaultEquality(value)) return null;
        var converted = new List<object>();
        foreach (var item in items)
        {
            // Contains finds null and NaN (EqualityComparer semantics); SQL and pyarrow never match either.
            if (item is null)
            {
                if (column.Required) continue; // a non-nullable column holds no null to find
                return null;
            }
            if (For(item, column, op == "in" ? "==" : "!=") is not { } pushed) return null;
            converted.Add(pushed.Value);
        }
        return new PushValue(converted);
    }

    private static bool IsNaN(object value) => value switch
    {
        double d => double.IsNaN(d),
        float f => float.IsNaN(f),
        Half h => Half.IsNaN(h),
        _ => false,
    };

    /// <summary>No lone surrogate: the string reaches Python unchanged (UTF-8 turns a lone surrogate into U+FFFD).</summary>
    internal static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
            i++;
        }
        return true;
    }

    /// <summary>
    /// .NET reads nanoseconds truncated to ticks (100 ns), Python sources compare the nanoseconds: only strict
    /// orderings and inequality against a tick-aligned constant give the same answer for every value.
    /// </summary>
    private static bool SurvivesTruncation(string op) => op is "<" or ">" or "!=";

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
