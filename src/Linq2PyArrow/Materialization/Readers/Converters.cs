using System.Numerics;
using System.Runtime.CompilerServices;
using Apache.Arrow.Types;

namespace Linq2PyArrow.Materialization.Readers;

/// <summary>Lossless numeric widening (int32 → int64, float → double…).</summary>
internal readonly struct Widen<TFrom, TTo> : IValueConverter<TFrom, TTo>
    where TFrom : INumberBase<TFrom> where TTo : INumberBase<TTo>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TTo Convert(TFrom raw) => TTo.CreateTruncating(raw);
}

/// <summary>Ticks per unit, or (nanoseconds) a divisor: exact integer arithmetic, no floating point.</summary>
internal readonly struct UnitScale(TimeUnit unit)
{
    private readonly long _multiplier = unit switch
    {
        TimeUnit.Second => TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => 10,
        _ => 1,
    };
    private readonly long _divisor = unit == TimeUnit.Nanosecond ? 100 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Ticks(long value) => _divisor == 1 ? value * _multiplier : value / _divisor;
}

internal readonly struct TimestampToDateTime(TimeUnit unit) : IValueConverter<long, DateTime>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateTime Convert(long raw) => new(DateTime.UnixEpoch.Ticks + _scale.Ticks(raw), DateTimeKind.Unspecified);
}

/// <summary>Time-zone-aware timestamps hold UTC instants: DateTime with Kind Utc.</summary>
internal readonly struct TimestampToUtcDateTime(TimeUnit unit) : IValueConverter<long, DateTime>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateTime Convert(long raw) => new(DateTime.UnixEpoch.Ticks + _scale.Ticks(raw), DateTimeKind.Utc);
}

/// <summary>The instant at offset zero (UTC), for naive and aware timestamps alike.</summary>
internal readonly struct TimestampToDateTimeOffset(TimeUnit unit) : IValueConverter<long, DateTimeOffset>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateTimeOffset Convert(long raw) => new(DateTime.UnixEpoch.Ticks + _scale.Ticks(raw), TimeSpan.Zero);
}

internal readonly struct Date32ToDateOnly : IValueConverter<int, DateOnly>
{
    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateOnly Convert(int raw) => DateOnly.FromDayNumber(EpochDay + raw);
}

internal readonly struct Date32ToDateTime : IValueConverter<int, DateTime>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateTime Convert(int raw) => new(DateTime.UnixEpoch.Ticks + raw * TimeSpan.TicksPerDay, DateTimeKind.Unspecified);
}

internal readonly struct Date64ToDateOnly : IValueConverter<long, DateOnly>
{
    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateOnly Convert(long raw) => DateOnly.FromDayNumber(EpochDay + (int)Math.Floor(raw / 86_400_000.0));
}

internal readonly struct Date64ToDateTime : IValueConverter<long, DateTime>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateTime Convert(long raw) => new(DateTime.UnixEpoch.Ticks + raw * TimeSpan.TicksPerMillisecond, DateTimeKind.Unspecified);
}

internal readonly struct TimeToTimeOnly<TRaw>(TimeUnit unit) : IValueConverter<TRaw, TimeOnly> where TRaw : IBinaryInteger<TRaw>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TimeOnly Convert(TRaw raw) => new(_scale.Ticks(long.CreateTruncating(raw)));
}

internal readonly struct TimeToTimeSpan<TRaw>(TimeUnit unit) : IValueConverter<TRaw, TimeSpan> where TRaw : IBinaryInteger<TRaw>
{
    private readonly UnitScale _scale = new(unit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TimeSpan Convert(TRaw raw) => new(_scale.Ticks(long.CreateTruncating(raw)));
}
