namespace Linq2PyArrow.Benchmarks.Infrastructure;

/// <summary>
/// Sizes shared by the benchmarks. <c>--smoke</c> sets <see cref="SmokeVariable"/> (inherited by any child
/// process) so every benchmark runs on tiny data; its numbers then mean nothing.
/// </summary>
public static class BenchData
{
    public const string SmokeVariable = "LINQ2PYARROW_BENCH_SMOKE";
    public const string Module = "l2pa_bench_sources";

    public static bool Smoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

    /// <summary>Rows for the Sum comparisons.</summary>
    public static int SumRows => Smoke ? 20_000 : 4 * 1024 * 1024;

    /// <summary>Rows for the typed-row comparisons (the JSON subprocess makes more impractical on 2 cores).</summary>
    public static int RowRows => Smoke ? 5_000 : 1024 * 1024;

    public static DateTime Epoch { get; } = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The values of row <paramref name="i"/>, as every source in l2pa_bench_sources builds them.</summary>
    public static Row Expected(long i) => new()
    {
        Id = i, Score = i * 0.5, Name = i % 16 == 15 ? null : $"name-{i}", Ts = Epoch.AddSeconds(i),
        Day = DateOnly.FromDateTime(Epoch).AddDays((int)i), Flag = i % 2 == 0,
    };

    /// <summary>The Python executable for subprocesses: the embedded one when named, else python3 on PATH.</summary>
    public static string PythonExecutable
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("LINQ2PYARROW_PYTHON");
            return configured is { Length: > 0 } && !configured.Contains(".so", StringComparison.Ordinal) ? configured : "python3";
        }
    }

    public static string PythonDirectory => Path.Combine(AppContext.BaseDirectory, "python");

    public static Dictionary<string, string> Options(int rows, int batch) =>
        new() { ["rows"] = $"{rows}", ["batch"] = $"{batch}" };
}

/// <summary>The six-column row every comparison produces (Name is null in every 16th row).</summary>
public sealed class Row
{
    public long Id { get; set; }
    public double Score { get; set; }
    public string? Name { get; set; }
    public DateTime Ts { get; set; }
    public DateOnly Day { get; set; }
    public bool Flag { get; set; }

    public bool SameAs(Row other) =>
        Id == other.Id && Score == other.Score && Name == other.Name && Ts == other.Ts && Day == other.Day && Flag == other.Flag;
}

