using System.Collections.Concurrent;
using System.Linq.Expressions;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>How to build a reader for one (Arrow type, .NET type) pair: the reader's type and the expression that creates it.</summary>
/// <param name="ReaderType">A struct implementing IColumnReader of the target type.</param>
/// <param name="NewReader">(array, context) → a new reader, as an expression.</param>
internal sealed record ReaderPlan(Type ReaderType, Func<Expression, Expression, Expression> NewReader);

/// <summary>
/// The type mapping table in code: which Arrow types can be read as which .NET types, and by which reader.
/// Flat hot types get struct readers over raw pointers; everything else goes through a
/// <see cref="ValueReader{T}"/>. The same table checks row types at Open and builds readers per batch.
/// </summary>
internal static class ReaderCatalog
{
    private static readonly ConcurrentDictionary<(string, Type), ReaderPlan?> s_plans = new();

    /// <summary>The plan to read <paramref name="type"/> as <paramref name="core"/> (a non-Nullable type), or null if it can't be.</summary>
    public static ReaderPlan? Plan(IArrowType type, Type core) =>
        s_plans.GetOrAdd((ArrowTypeKey(type), core), _ => FastPlan(type, core) ?? SlowPlan(type, core));

    /// <summary>A struct reader over raw buffers, for the common flat types.</summary>
    public static ReaderPlan? FastPlan(IArrowType type, Type core)
    {
        if (core.IsEnum) return EnumPlan(type, core);
        switch (type)
        {
            case BooleanType when core == typeof(bool):
                return Simple(typeof(BooleanReader));
            case StringType when core == typeof(string):
                return Simple(typeof(TextReader<OffsetBytes>));
            case LargeStringType when core == typeof(string):
                return Simple(typeof(TextReader<LargeOffsetBytes>));
            case StringViewType when core == typeof(string):
                return Simple(typeof(TextReader<ViewBytes>));
            case BinaryType when core == typeof(byte[]):
                return Simple(typeof(BlobReader<OffsetBytes>));
            case LargeBinaryType when core == typeof(byte[]):
                return Simple(typeof(BlobReader<LargeOffsetBytes>));
            case BinaryViewType when core == typeof(byte[]):
                return Simple(typeof(BlobReader<ViewBytes>));
            case TimestampType t when core == typeof(DateTime):
                return Converting<long, DateTime>(
                    new TimestampToDateTime(t.Unit, string.IsNullOrEmpty(t.Timezone) ? DateTimeKind.Unspecified : DateTimeKind.Utc));
            case TimestampType t when core == typeof(DateTimeOffset):
                return Converting<long, DateTimeOffset>(new TimestampToDateTimeOffset(t.Unit));
            case Date32Type when core == typeof(DateOnly):
                return Converting<int, DateOnly>(new Date32ToDateOnly());
            case Date32Type when core == typeof(DateTime):
                return Converting<int, DateTime>(new Date32ToDateTime());
            case Date64Type when core == typeof(DateOnly):
                return Converting<long, DateOnly>(new Date64ToDateOnly());
            case Date64Type when core == typeof(DateTime):
                return Converting<long, DateTime>(new Date64ToDateTime());
            case Time32Type t when core == typeof(TimeOnly):
                return Converting<int, TimeOnly>(new TimeToTimeOnly<int>(t.Unit));
            case Time32Type t when core == typeof(TimeSpan):
                return Converting<int, TimeSpan>(new TimeToTimeSpan<int>(t.Unit));
            case Time64Type t when core == typeof(TimeOnly):
                return Converting<long, TimeOnly>(new TimeToTimeOnly<long>(t.Unit));
            case Time64Type t when core == typeof(TimeSpan):
                return Converting<long, TimeSpan>(new TimeToTimeSpan<long>(t.Unit));
            case DurationType d when core == typeof(TimeSpan):
                return Converting<long, TimeSpan>(new TimeToTimeSpan<long>(d.Unit));
        }
        var stored = StoredNumericType(type);
        if (stored is null || !NumericWidening.IsLossless(stored, core)) return null;
        if (stored == core) return Simple(typeof(PrimitiveReader<>).MakeGenericType(core));
        var converter = Activator.CreateInstance(typeof(Widen<,>).MakeGenericType(stored, core))!;
        return ConvertingPlan(stored, core, converter);
    }

    /// <summary>Enums by name from string columns, or from integer columns that fit the underlying type.</summary>
    private static ReaderPlan? EnumPlan(IArrowType type, Type enumType)
    {
        var bytes = type switch
        {
            StringType => typeof(OffsetBytes),
            LargeStringType => typeof(LargeOffsetBytes),
            StringViewType => typeof(ViewBytes),
            _ => null,
        };
        if (bytes is not null) return Simple(typeof(EnumTextReader<,>).MakeGenericType(bytes, enumType));
        var underlying = Enum.GetUnderlyingType(enumType);
        if (FastPlan(type, underlying) is not { } inner) return null; // integers that widen losslessly into the underlying type

        var readerType = typeof(EnumReader<,,>).MakeGenericType(inner.ReaderType, underlying, enumType);
        var constructor = readerType.GetConstructor([inner.ReaderType])!;
        return new ReaderPlan(readerType, (array, context) => Expression.New(constructor, inner.NewReader(array, context)));
    }

    /// <summary>The .NET type of a numeric column's values, or null for non-numeric types.</summary>
    public static Type? StoredNumericType(IArrowType type) => type switch
    {
        Int8Type => typeof(sbyte), Int16Type => typeof(short), Int32Type => typeof(int), Int64Type => typeof(long),
        UInt8Type => typeof(byte), UInt16Type => typeof(ushort), UInt32Type => typeof(uint), UInt64Type => typeof(ulong),
        HalfFloatType => typeof(Half), FloatType => typeof(float), DoubleType => typeof(double),
        _ => null,
    };

    private static ReaderPlan? SlowPlan(IArrowType type, Type core)
    {
        var factory = ValueReaders.Factory(type, core);
        if (factory is null) return null;
        var readerType = core.IsValueType ? typeof(NullableObjectReader<>).MakeGenericType(core) : typeof(ObjectReader<>).MakeGenericType(core);
        var valueReaderType = typeof(ValueReader<>).MakeGenericType(core);
        var constructor = readerType.GetConstructor([valueReaderType, typeof(ColumnContext)])!;
        return new ReaderPlan(readerType, (array, context) =>
            Expression.New(constructor, Expression.Convert(Expression.Invoke(Expression.Constant(factory), array, context), valueReaderType), context));
    }

    private static ReaderPlan Simple(Type readerType)
    {
        var constructor = readerType.GetConstructor([typeof(IArrowArray), typeof(ColumnContext)])!;
        return new ReaderPlan(readerType, (array, context) => Expression.New(constructor, array, context));
    }

    private static ReaderPlan Converting<TRaw, TValue>(object converter) => ConvertingPlan(typeof(TRaw), typeof(TValue), converter);

    private static ReaderPlan ConvertingPlan(Type raw, Type value, object converter)
    {
        var readerType = typeof(ConvertingReader<,,>).MakeGenericType(raw, value, converter.GetType());
        var constructor = readerType.GetConstructor([typeof(IArrowArray), typeof(ColumnContext), converter.GetType()])!;
        return new ReaderPlan(readerType, (array, context) => Expression.New(constructor, array, context, Expression.Constant(converter)));
    }

    /// <summary>A structural key for a type (names, units, time zones and children included).</summary>
    public static string ArrowTypeKey(IArrowType type) => Arrow.ArrowTypeNames.Describe(type);
}

/// <summary>Numeric conversions that never lose information.</summary>
internal static class NumericWidening
{
    private static readonly Type[] Signed = [typeof(sbyte), typeof(short), typeof(int), typeof(long)];
    private static readonly Type[] Unsigned = [typeof(byte), typeof(ushort), typeof(uint), typeof(ulong)];

    public static bool IsLossless(Type from, Type to)
    {
        if (from == to) return true;
        var signedFrom = System.Array.IndexOf(Signed, from);
        var unsignedFrom = System.Array.IndexOf(Unsigned, from);
        var signedTo = System.Array.IndexOf(Signed, to);
        var unsignedTo = System.Array.IndexOf(Unsigned, to);
        if (signedFrom >= 0 && signedTo > signedFrom) return true;
        if (unsignedFrom >= 0 && (unsignedTo > unsignedFrom || signedTo > unsignedFrom)) return true;
        if (to == typeof(double)) return from == typeof(float) || from == typeof(Half) || signedFrom is >= 0 and <= 2 || unsignedFrom is >= 0 and <= 2;
        if (to == typeof(float)) return from == typeof(Half) || signedFrom is 0 or 1 || unsignedFrom is 0 or 1;
        if (to == typeof(decimal)) return signedFrom >= 0 || unsignedFrom >= 0;
        return false;
    }
}
