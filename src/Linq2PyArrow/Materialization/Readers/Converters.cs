using System.Numerics;
using System.Runtime.CompilerServices;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>Lossless numeric widening (int32 → int64, float → double…).</summary>
internal readonly struct Widen<TFrom, TTo> : IValueConverter<TFrom, TTo>
    where TFrom : INumberBase<TFrom> where TTo : INumberBase<TTo>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(TFrom raw, out TTo value)
    {
        value = TTo.CreateTruncating(raw);
        return true;
    }
}

/// <summary>
/// A count of time units as 100-ns ticks, exactly (integer arithmetic): coarser units multiply (false on
/// overflow), nanoseconds divide rounding toward negative infinity, so instants before 1970 keep their order.
/// </summary>
internal readonly struct UnitScale(TimeUnit unit)
{
    private readonly long _multiplier = unit switch
    {
        TimeUnit.Second => TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => 10,
        _ => 1,
    };
    private readonly bool _nanoseconds = unit == TimeUnit.Nanosecond;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryTicks(long value, out long ticks)
    {
        if (_nanoseconds)
        {
            ticks = value / 100;
            if (value % 100 < 0) ticks--;
            return true;
        }
        ticks = value * _multiplier;
        return value <= long.MaxValue / _multiplier && value >= long.MinValue / _multiplier;
    }
}

/// <summary>Ticks since 1970-01-01 → ticks of DateTime, when inside DateTime's range.</summary>
internal static class Epoch
{
    public static readonly long Ticks = DateTime.UnixEpoch.Ticks;
    public static readonly int DayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly long MaxTicks = DateTime.MaxValue.Ticks;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDateTimeTicks(long sinceEpoch, out long ticks)
    {
        ticks = sinceEpoch + Ticks;
        return sinceEpoch >= -Ticks && sinceEpoch <= MaxTicks - Ticks;
    }
}

/// <summary>Timestamps as DateTime: Kind Unspecified for naive columns, Utc for time-zone-aware ones (UTC instants).</summary>
internal readonly struct TimestampToDateTime(TimeUnit unit, DateTimeKind kind) : IValueConverter<long, DateTime>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(long raw, out DateTime value)
    {
        var ok = _scale.TryTicks(raw, out var ticks) & Epoch.TryDateTimeTicks(ticks, out var absolute);
        value = ok ? new DateTime(absolute, kind) : default;
        return ok;
    }
}

/// <summary>The instant at offset zero (UTC), for naive and aware timestamps alike.</summary>
internal readonly struct TimestampToDateTimeOffset(TimeUnit unit) : IValueConverter<long, DateTimeOffset>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(long raw, out DateTimeOffset value)
    {
        var ok = _scale.TryTicks(raw, out var ticks) & Epoch.TryDateTimeTicks(ticks, out var absolute);
        value = ok ? new DateTimeOffset(absolute, TimeSpan.Zero) : default;
        return ok;
    }
}

internal readonly struct Date32ToDateOnly : IValueConverter<int, DateOnly>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(int raw, out DateOnly value) => Days.TryDateOnly(raw, out value);
}

internal readonly struct Date32ToDateTime : IValueConverter<int, DateTime>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(int raw, out DateTime value) => Days.TryDateTime(raw, out value);
}

internal readonly struct Date64ToDateOnly : IValueConverter<long, DateOnly>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(long raw, out DateOnly value) => Days.TryDateOnly(Days.FromMilliseconds(raw), out value);
}

internal readonly struct Date64ToDateTime : IValueConverter<long, DateTime>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(long raw, out DateTime value) => Days.TryDateTime(Days.FromMilliseconds(raw), out value);
}

/// <summary>Days since 1970-01-01 (date32, and date64 which holds whole days in milliseconds).</summary>
internal static class Days
{
    private static readonly int MaxDayNumber = DateOnly.MaxValue.DayNumber;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FromMilliseconds(long milliseconds)
    {
        var days = milliseconds / 86_400_000;
        return milliseconds % 86_400_000 < 0 ? days - 1 : days;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDateOnly(long days, out DateOnly value)
    {
        var dayNumber = days + Epoch.DayNumber;
        var ok = dayNumber >= 0 && dayNumber <= MaxDayNumber;
        value = ok ? DateOnly.FromDayNumber((int)dayNumber) : default;
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDateTime(long days, out DateTime value)
    {
        var ok = TryDateOnly(days, out var date);
        value = ok ? new DateTime(date.DayNumber * TimeSpan.TicksPerDay, DateTimeKind.Unspecified) : default;
        return ok;
    }
}

internal readonly struct TimeToTimeOnly<TRaw>(TimeUnit unit) : IValueConverter<TRaw, TimeOnly> where TRaw : IBinaryInteger<TRaw>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(TRaw raw, out TimeOnly value)
    {
        var ok = _scale.TryTicks(long.CreateTruncating(raw), out var ticks) && ticks >= 0 && ticks < TimeSpan.TicksPerDay;
        value = ok ? new TimeOnly(ticks) : default;
        return ok;
    }
}

internal readonly struct TimeToTimeSpan<TRaw>(TimeUnit unit) : IValueConverter<TRaw, TimeSpan> where TRaw : IBinaryInteger<TRaw>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConvert(TRaw raw, out TimeSpan value)
    {
        var ok = _scale.TryTicks(long.CreateTruncating(raw), out var ticks);
        value = ok ? new TimeSpan(ticks) : default;
        return ok;
    }
}
