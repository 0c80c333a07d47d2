using System.Globalization;
using System.Text.Json;

namespace Linq2PyArrow.BenchReport;

/// <summary>One benchmark case: class, method, parameters ("BatchRows=65536"), mean time and allocation.</summary>
internal sealed record Measurement(string Class, string Method, string Parameters, double MeanNs, double? AllocatedBytes);

/// <summary>All measurements of a run, read from BenchmarkDotNet's JSON exports (*-report*.json).</summary>
internal sealed class Results(IReadOnlyList<Measurement> all)
{
    public IReadOnlyList<Measurement> All { get; } = all;

    public static Results Load(string directory)
    {
        var list = new List<Measurement>();
        foreach (var file in Directory.GetFiles(directory, "*-report*.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var b in json.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                if (!b.TryGetProperty("Statistics", out var stats) || stats.ValueKind != JsonValueKind.Object) continue;
                double? allocated = b.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                    ? memory.GetProperty("BytesAllocatedPerOperation").GetDouble() : null;
                list.Add(new Measurement(b.GetProperty("Type").GetString()!, b.GetProperty("Method").GetString()!,
                    b.GetProperty("Parameters").GetString() ?? "", stats.GetProperty("Mean").GetDouble(), allocated));
            }
        }
        return new Results(list);
    }

    /// <summary>The mean in ns, or null when that case was not run.</summary>
    public double? Mean(string cls, string method, string parameters = "") =>
        All.FirstOrDefault(m => m.Class.EndsWith(cls, StringComparison.Ordinal) && m.Method == method && m.Parameters == parameters)?.MeanNs;

    public static string Time(double ns) => ns switch
    {
        >= 1e9 => (ns / 1e9).ToString("0.00 s", CultureInfo.InvariantCulture),
        >= 1e6 => (ns / 1e6).ToString("0.00 ms", CultureInfo.InvariantCulture),
        >= 1e3 => (ns / 1e3).ToString("0.00 µs", CultureInfo.InvariantCulture),
        _ => ns.ToString("0.0 ns", CultureInfo.InvariantCulture),
    };

    public static string Bytes(double? bytes) => bytes switch
    {
        null => "–",
        >= 1 << 20 => (bytes.Value / (1 << 20)).ToString("0.0 MB", CultureInfo.InvariantCulture),
        >= 1 << 10 => (bytes.Value / (1 << 10)).ToString("0.0 KB", CultureInfo.InvariantCulture),
        _ => bytes.Value.ToString("0 B", CultureInfo.InvariantCulture),
    };
}
