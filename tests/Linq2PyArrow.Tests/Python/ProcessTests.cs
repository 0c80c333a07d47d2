using System.Diagnostics;
using Linq2PyArrow.Python.Runtime;
using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.Python;

/// <summary>
/// What only a fresh process shows: exit with live Python threads (§8.4 11), locating Python before init,
/// environment variables read at init (§8.4 16), and pool calls straight after init (§8.4 2). Each test runs
/// tests/Linq2PyArrow.ExitProbe with the same Python as this process unless it sets LINQ2PYARROW_PYTHON itself.
/// </summary>
[Trait("Category", "Binding")]
public sealed class ProcessTests(ITestOutputHelper output)
{
    [Fact]
    public void The_process_exits_promptly_with_a_sleeping_non_daemon_thread_and_runs_atexit_handlers()
    {
        var result = ExitProbe.Run(output, ["atexit"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["ready", "atexit handler ran"], result.Lines);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"took {result.Elapsed}");
    }

    [Fact]
    public void An_atexit_handler_that_never_returns_delays_exit_by_the_bound_only()
    {
        var result = ExitProbe.Run(output, ["atexit-hang"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["ready", "atexit handler ran"], result.Lines);
        Assert.True(result.Elapsed >= PythonRuntime.ExitHandlersTimeout, $"took {result.Elapsed}");
        Assert.True(result.Elapsed < PythonRuntime.ExitHandlersTimeout + TimeSpan.FromSeconds(10), $"took {result.Elapsed}");
    }

    [Fact]
    public void ProcessExit_handlers_before_and_after_the_runtimes_own_can_still_use_python()
    {
        var result = ExitProbe.Run(output, ["exit-dispose"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["before handler: 45", "atexit handler ran", "after handler: 45"], result.Lines);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"took {result.Elapsed}");
    }

    [Fact]
    public void A_missing_LINQ2PYARROW_PYTHON_is_an_error_listing_what_was_tried()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir", "python3.99");
        var result = ExitProbe.Run(output, ["locate"], new() { ["LINQ2PYARROW_PYTHON"] = missing });
        Assert.Equal(3, result.ExitCode);
        var text = string.Join("\n", result.Lines);
        Assert.StartsWith("PythonEnvironmentException: Linq2PyArrow could not find a usable Python", text);
        Assert.Contains("Tried:\n  - the path set with PythonEnvironment.Configure: not set\n" +
                        $"  - LINQ2PYARROW_PYTHON: '{missing}' does not exist\nFix: set LINQ2PYARROW_PYTHON", text);
    }

    [Fact]
    public void A_start_that_failed_before_loading_python_can_be_retried_after_fixing_the_configuration()
    {
        PythonRuntime.EnsureInitialized();
        var python = PythonRuntime.Installation.Executable ?? PythonRuntime.Installation.LibraryPath;
        var result = ExitProbe.Run(output, ["retry", python]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["first start: failed", $"second start: {PythonRuntime.Version}"], result.Lines);
    }

    [Fact]
    public void A_libpython_path_works_like_the_executable_path()
    {
        PythonRuntime.EnsureInitialized();
        var expected = PythonRuntime.Installation;
        var byLibrary = ExitProbe.Run(output, ["locate"], new() { ["LINQ2PYARROW_PYTHON"] = expected.LibraryPath });
        Assert.Equal(0, byLibrary.ExitCode);
        Assert.Contains($"version={Linq2PyArrow.PythonEnvironment.Version}", byLibrary.Lines);
        Assert.Contains($"library={expected.LibraryPath}", byLibrary.Lines);
        Assert.Contains("extensions=ok", byLibrary.Lines);
        if (expected.Executable is null) return;
        var byExecutable = ExitProbe.Run(output, ["locate"], new() { ["LINQ2PYARROW_PYTHON"] = expected.Executable });
        Assert.Equal(0, byExecutable.ExitCode);
        Assert.Equal(byExecutable.Lines, byLibrary.Lines); // same version, library, sys.prefix
    }

    [Fact]
    public void PYTHONPATH_from_the_environment_is_importable()
    {
        var directory = CreateModule("pythonpath_probe_module");
        var result = ExitProbe.Run(output, ["import", "pythonpath_probe_module"], new() { ["PYTHONPATH"] = directory });
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"file={Path.Combine(directory, "pythonpath_probe_module.py")}"], result.Lines);
    }

    [Fact]
    public void PYTHONPATH_set_through_Environment_SetEnvironmentVariable_before_init_is_honoured()
    {
        // .NET does not pass managed environment changes to native getenv on Unix; the runtime copies them.
        var directory = CreateModule("setenv_probe_module");
        var result = ExitProbe.Run(output, ["setenv-import", directory, "setenv_probe_module"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"file={Path.Combine(directory, "setenv_probe_module.py")}"], result.Lines);
    }

    [Fact]
    public void Ten_thousand_pool_calls_straight_after_init_do_not_deadlock()
    {
        var result = ExitProbe.Run(output, ["pool"]);
        Assert.Equal(0, result.ExitCode);
        var expected = Enumerable.Range(0, 10_000).Sum(i => (long)i * i);
        Assert.Equal([$"sum={expected}"], result.Lines);
    }

    [Fact]
    public void An_active_virtual_environment_is_honoured()
    {
        PythonRuntime.EnsureInitialized();
        var python = PythonRuntime.Installation.Executable;
        if (python is null)
        {
            BindingTestSupport.Skip(output, "the running Python was given as a libpython path; no executable to create a venv with");
            return;
        }
        var venv = Path.Combine(Path.GetTempPath(), "linq2pyarrow-tests", Guid.NewGuid().ToString("n"), "venv");
        var create = Process.Start(new ProcessStartInfo(python, ["-m", "venv", "--without-pip", venv]) { RedirectStandardError = true })!;
        var createErrors = create.StandardError.ReadToEnd();
        create.WaitForExit();
        if (create.ExitCode != 0)
        {
            BindingTestSupport.Skip(output, $"'{python} -m venv' failed: {createErrors.Trim()}");
            return;
        }
        var sitePackages = Directory.GetDirectories(Path.Combine(venv, "lib"), "python3.*").Single();
        sitePackages = Path.Combine(sitePackages, "site-packages");
        File.WriteAllText(Path.Combine(sitePackages, "venv_probe_module.py"), "VALUE = 1\n");

        // No explicit choice: VIRTUAL_ENV (rule 4) decides, as after 'source venv/bin/activate'.
        var environment = new Dictionary<string, string?> { ["LINQ2PYARROW_PYTHON"] = null, ["PYTHONNET_PYDLL"] = null, ["VIRTUAL_ENV"] = venv };
        var located = ExitProbe.Run(output, ["locate"], environment);
        Assert.Equal(0, located.ExitCode);
        Assert.Contains($"prefix={venv}", located.Lines);
        Assert.Contains($"library={PythonRuntime.Installation.LibraryPath}", located.Lines);
        var imported = ExitProbe.Run(output, ["import", "venv_probe_module"], environment);
        Assert.Equal(0, imported.ExitCode);
        Assert.Equal([$"file={Path.Combine(sitePackages, "venv_probe_module.py")}"], imported.Lines);
    }

    private static string CreateModule(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "linq2pyarrow-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".py"), "VALUE = 1\n");
        return directory;
    }
}

/// <summary>Runs tests/Linq2PyArrow.ExitProbe, building it first if this test run has no fresh build of it.</summary>
internal static class ExitProbe
{
    public sealed record Result(int ExitCode, IReadOnlyList<string> Lines, TimeSpan Elapsed);

    private static readonly Lazy<string> s_assembly = new(() => ChildProgram.BuildIfNeeded("Linq2PyArrow.ExitProbe"));

    /// <param name="environment">Variables to set for the child; a null value removes the variable.</param>
    public static Result Run(ITestOutputHelper output, string[] arguments, Dictionary<string, string?>? environment = null)
    {
        PythonRuntime.EnsureInitialized(); // its choice of Python is passed on
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(s_assembly.Value);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The same Python as this process, unless the test chooses.
        start.Environment["LINQ2PYARROW_PYTHON"] = PythonRuntime.Installation.Executable ?? PythonRuntime.Installation.LibraryPath;
        foreach (var (name, value) in environment ?? [])
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the exit probe ({string.Join(' ', arguments)}) did not exit within 60 s");
        }
        clock.Stop();
        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine($"exit probe {string.Join(' ', arguments)}: exit code {process.ExitCode} after {clock.Elapsed.TotalSeconds:F2} s");
        foreach (var line in lines) output.WriteLine("  stdout: " + line);
        if (stderr.Result.Length > 0) output.WriteLine("  stderr: " + stderr.Result);
        return new Result(process.ExitCode, lines, clock.Elapsed);
    }
}
