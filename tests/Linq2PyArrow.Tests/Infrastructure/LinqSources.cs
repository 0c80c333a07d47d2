using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>A row of linq_sources.SCHEMA; nullable members where the data has nulls.</summary>
public sealed class Row
{
    public long Id { get; set; }
    public int I32 { get; set; }
    public string? Name { get; set; }
    public double? Score { get; set; }
    public decimal? Amount { get; set; }
    public bool Flag { get; set; }
    public DateTime Ts { get; set; }
    public DateTimeOffset Tsz { get; set; }
    public DateOnly Day { get; set; }
    public string Cat { get; set; } = "";
}

/// <summary>Opens the test sources of python/linq_sources.py and reads what Recording received.</summary>
internal static class LinqSources
{
    private static int s_nextTag;

    /// <summary>A fresh tag, so concurrently running tests never read each other's recorded calls.</summary>
    public static string NewTag() => "t" + Interlocked.Increment(ref s_nextTag);

    public static IQueryable<T> Open<T>(string cls, string sizes, int batch = 4, string? tag = null, double nulls = 0.2, int seed = 1,
        PythonSourceSettings? settings = null) =>
        PythonSource.Open<T>("linq_sources", cls, new Dictionary<string, string>
        {
            ["sizes"] = sizes,
            ["batch"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["tag"] = tag ?? "",
            ["nulls"] = nulls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, settings ?? PythonSourceSettings.Default);

    public static IQueryable<Row> Recording(string tag, string sizes = "6,0,9,3", int batch = 4) => Open<Row>("Recording", sizes, batch, tag);

    /// <summary>The calls Recording received for a tag, in order (plan_partitions first), and forgets them.</summary>
    public static List<string> TakeCalls(string tag)
    {
        using var gil = Gil.Acquire();
        using var module = PythonTypes.Import("linq_sources");
        using var recording = module.GetAttr("Recording");
        using var take = recording.GetAttr("take_calls");
        using var pyTag = PyConvert.FromString(tag);
        using var calls = take.Call(pyTag);
        return ((IReadOnlyList<object?>)PyConvert.FromPython(calls)!).Cast<string>().ToList();
    }

    /// <summary>The read_partition calls only, sorted by partition (workers run them concurrently).</summary>
    public static List<string> Reads(string tag) =>
        TakeCalls(tag).Where(c => c.StartsWith("read_partition", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}
