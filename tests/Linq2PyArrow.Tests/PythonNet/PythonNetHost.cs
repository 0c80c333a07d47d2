using System.Diagnostics;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.PythonNet;

/// <summary>
/// Runs tests/Linq2PyArrow.PythonNetHost, an application that embeds Python through Python.NET 3.2.1 and uses
/// Linq2PyArrow, in a child process: an interpreter can be initialized once per process, and a deadlock or an abort
/// must fail a test, not the test run.
/// </summary>
internal static class PythonNetHost
{
    public sealed record Result(int ExitCode, IReadOnlyList<string> Lines);

    /// <summary>Generous: the machine may be loaded; a run normally takes a few seconds. Hitting it means a hang.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string> s_assembly = new(() => ChildProgram.BuildIfNeeded("Linq2PyArrow.PythonNetHost"));

    /// <summary>Marks "no Python to test with" in the theory data (xunit 2.9 fails a theory without data).</summary>
    public const string NoPython = "(no Python 3.11+ with a shared libpython here)";

    /// <summary>
    /// The libpythons Python.NET 3.2.1 supports (3.11 and newer) that this machine has: every pyenv build with a shared
    /// library, and the system one.
    /// </summary>
    public static TheoryData<string> Libraries()
    {
        var data = new TheoryData<string>();
        var found = FindLibraries();
        if (found.Count == 0) data.Add(NoPython);
        foreach (var library in found) data.Add(library);
        return data;
    }

    public static List<string> FindLibraries()
    {
        var found = new List<string>();
        var pyenv = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv", "versions");
        if (Directory.Exists(pyenv))
        {
            foreach (var version in Directory.GetDirectories(pyenv).Order())
            {
                var parts = Path.GetFileName(version).Split('.');
                if (parts.Length < 2 || parts[0] != "3" || !int.TryParse(parts[1], out var minor) || minor < 11) continue;
                var library = Path.Combine(version, "lib", $"libpython3.{minor}.so.1.0");
                if (File.Exists(library)) found.Add(library);
            }
        }
        foreach (var library in Directory.Exists("/usr/lib/x86_64-linux-gnu") ? Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "libpython3.*.so.1.0").Order().ToArray() : [])
        {
            var minor = int.TryParse(Path.GetFileName(library).Split('.')[1], out var m) ? m : 0;
            if (minor >= 11) found.Add(library);
        }
        return found;
    }

    /// <summary>Runs a scenario with Python.NET on <paramref name="pythonNetLibrary"/> and Linq2PyArrow configured with <paramref name="linq2PyArrowPython"/>.</summary>
    public static Result Run(ITestOutputHelper output, string pythonNetLibrary, string linq2PyArrowPython, params string[] arguments) =>
        RunWithPath(output, pythonNetLibrary, linq2PyArrowPython, null, arguments);

    /// <summary>As above, with <paramref name="pathFirst"/> in front of the child's PATH.</summary>
    public static Result RunWithPath(ITestOutputHelper output, string pythonNetLibrary, string linq2PyArrowPython, string? pathFirst, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (pathFirst is not null) start.Environment["PATH"] = pathFirst + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.ArgumentList.Add(s_assembly.Value);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONNET_PYDLL"] = pythonNetLibrary;
        start.Environment["LINQ2PYARROW_PYTHON"] = linq2PyArrowPython;
        foreach (var name in new[] { "PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONNET_PYEXE", "PYTHONNET_VENV" }) start.Environment.Remove(name);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(Timeout);
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine($"Python.NET host {string.Join(' ', arguments)} (PYTHONNET_PYDLL={pythonNetLibrary}, LINQ2PYARROW_PYTHON={linq2PyArrowPython}): " +
                         (exited ? $"exit code {process.ExitCode}" : "killed") + $" after {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var line in lines) output.WriteLine("  stdout: " + line);
        if (stderr.Result.Length > 0) output.WriteLine("  stderr: " + stderr.Result);
        if (!exited)
            throw new TimeoutException(
                $"the Python.NET host ({string.Join(' ', arguments)}) did not exit within {Timeout.TotalMinutes} minutes (a deadlock?); it printed:\n{string.Join('\n', lines)}");
        return new Result(process.ExitCode, lines);
    }

    /// <summary>Sum of n, multiples of 7, count, over n = 0 .. 9999: what every query step prints.</summary>
    public const string Results = "49995000 1429 10000";

    /// <summary>True (and the test reports a skip) when there is no Python to run with.</summary>
    public static bool Skipped(ITestOutputHelper output, string library)
    {
        if (library != PythonNetHost.NoPython) return false;
        BindingTestSupport.Skip(output, library);
        return true;
    }

    /// <summary>What the host prints for one order (see its Steps.All).</summary>
    public static List<string> Expected(bool adopted, string[] before, string mainThread, bool shutdown)
    {
        var lines = new List<string>(before)
        {
            $"adopted: {adopted}",
            // Python.NET's init thread holds the GIL until BeginAllowThreads: Linq2PyArrow nests inside that hold.
            $"init thread before BeginAllowThreads: {Results} (GIL taken as Nested)",
            $"main thread: {Results} (GIL taken as {mainThread})",
            $"main thread inside Py.GIL(): {Results} (GIL taken as Nested)",
            "Python.NET inside the same Py.GIL(): 3",
            $"pool threads: {Results}",
            $"pool threads inside Py.GIL(): {Results}",
            $"concurrent queries: {Results}",
            "concurrent Py.GIL() tasks correct: 100/100",
            $"main thread after the concurrent tasks: {Results} (GIL taken as {mainThread})",
        };
        if (shutdown) lines.AddRange(["PythonEngine.Shutdown returned", $"after PythonEngine.Shutdown: {Results} (GIL taken as {mainThread})"]);
        lines.Add("done");
        return lines;
    }
}
