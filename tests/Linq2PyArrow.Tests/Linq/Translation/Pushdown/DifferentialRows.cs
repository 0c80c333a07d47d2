namespace Linq2PyArrow.Tests.Linq.Translation.Pushdown;

/// <summary>A row of pushdown_sources.SCHEMA (in-process sources and PostgreSQL): every column kind the pushdown handles.</summary>
public sealed class FullRow
{
    public long Id { get; set; }
    public long? K { get; set; }
    public int I { get; set; }
    public double? R { get; set; }
    public double D { get; set; }
    public float? F { get; set; }
    public string? T { get; set; }
    public string S { get; set; } = "";
    public bool? B { get; set; }
    public bool Flag { get; set; }
    public decimal? M { get; set; }
    public DateTime? Ts { get; set; }
    public DateTimeOffset? Tz { get; set; }
    public DateOnly? Day { get; set; }
}

/// <summary>The columns of pushdown_sources.SQLITE_COLUMNS (SQLite has no int32, float32, decimal or time zone types).</summary>
public sealed class SqliteRow
{
    public long Id { get; set; }
    public long? K { get; set; }
    public double? R { get; set; }
    public string? T { get; set; }
    public string S { get; set; } = "";
    public bool? B { get; set; }
    public bool Flag { get; set; }
    public DateTime? Ts { get; set; }
    public DateOnly? Day { get; set; }
}
