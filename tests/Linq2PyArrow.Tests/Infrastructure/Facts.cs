using System.Collections.Concurrent;
using System.Diagnostics;
using Linq2PyArrow.Python.Runtime;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// A test against the throwaway PostgreSQL cluster. Skipped, with the command that provides one, when
/// LINQ2PYARROW_TEST_PG_URL is not set; ./build.sh test always sets it, so in CI these tests run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string UrlVariable = "LINQ2PYARROW_TEST_PG_URL";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Url))
            Skip = $"{UrlVariable} is not set, so the PostgreSQL tests did not run. Start the throwaway cluster with " +
                   "eval \"$(scripts/pg-cluster.sh start)\" (./build.sh test does this), then run the tests again.";
    }

    public static string? Url => Environment.GetEnvironmentVariable(UrlVariable);
}

/// <summary>
/// A test that needs Python modules the test interpreter may lack (moto, osgeo, pyarrow). Skipped with a message
/// naming the interpreter and where the modules are available when any of them cannot be imported.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonModulesFactAttribute : FactAttribute
{
    /// <param name="modules">Comma-separated modules that must import.</param>
    /// <param name="whereAvailable">Where they are available, for the skip message.</param>
    /// <param name="absent">A module that must NOT import (tests of the message a sample gives without it).</param>
    public PythonModulesFactAttribute(string modules, string whereAvailable, string? absent = null)
    {
        var missing = modules.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(m => !PythonModules.IsImportable(m)).ToList();
        if (missing.Count > 0)
            Skip = $"Python module {string.Join(", ", missing)} is not importable in the test Python ({PythonModules.Executable}), " +
                   $"so this test did not run. {whereAvailable}";
        else if (absent is not null && PythonModules.IsImportable(absent))
            Skip = $"Python module {absent} is installed in the test Python ({PythonModules.Executable}): this test checks the " +
                   "message given without it, so it did not run.";
    }
}

/// <summary>Asks the interpreter the tests embed (the same one PythonLocator picks) whether a module imports.</summary>
internal static class PythonModules
{
    private static readonly ConcurrentDictionary<string, bool> s_importable = new();
    private static readonly Lazy<string> s_executable = new(() =>
        PythonLocator.Locate(null).Executable ?? throw new InvalidOperationException("The test Python has no known executable."));

    public static string Executable => s_executable.Value;

    public static bool IsImportable(string module) => s_importable.GetOrAdd(module, Probe);

    private static bool Probe(string module)
    {
        var start = new ProcessStartInfo(Executable, ["-c", $"import {module}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(entireProcessTree: true);
        return process.HasExited && process.ExitCode == 0;
    }
}
