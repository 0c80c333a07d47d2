using System.Diagnostics;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>The test helper programs under tests/ that tests run as child processes (the exit probe, the Python.NET host).</summary>
internal static class ChildProgram
{
    /// <summary>
    /// The program's assembly as built next to this test assembly's configuration (bin/&lt;Configuration&gt;/net10.0).
    /// Built here when missing or older than the library this test run uses, so `dotnet test` of the test project
    /// alone works.
    /// </summary>
    public static string BuildIfNeeded(string name)
    {
        // One build at a time: two programs building the library they share at once would trip over its files.
        lock (s_buildLock) return Build(name);
    }

    private static readonly Lock s_buildLock = new();

    private static string Build(string name)
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = baseDirectory.Name;
        var configuration = baseDirectory.Parent!.Name;
        var root = baseDirectory;
        while (!File.Exists(Path.Combine(root.FullName, "Linq2PyArrow.sln"))) root = root.Parent!;
        var project = Path.Combine(root.FullName, "tests", name);
        var output = Path.Combine(project, "bin", configuration, framework);
        var program = Path.Combine(output, name + ".dll");
        var library = Path.Combine(AppContext.BaseDirectory, "Linq2PyArrow.dll");
        var programLibrary = Path.Combine(output, "Linq2PyArrow.dll");
        if (File.Exists(program) && File.Exists(programLibrary) && File.GetLastWriteTimeUtc(programLibrary) >= File.GetLastWriteTimeUtc(library))
            return program;

        var build = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "build", project, "-c", configuration, "-nologo", "-v", "q" }) build.ArgumentList.Add(argument);
        using var process = Process.Start(build)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"building {name} failed:\n{log.Result}\n{errors.Result}");
        return program;
    }
}
