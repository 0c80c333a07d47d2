using Xunit.Abstractions;

namespace Linq2PyArrow.Tests.PythonNet;

/// <summary>
/// Linq2PyArrow and Python.NET 3.2.1 in one process, on every Python 3.11+ here (pyenv builds and the system one):
/// each order of initialization, queries from the init thread before BeginAllowThreads, the main thread, pool
/// threads and inside Py.GIL(), 4 queries concurrent with 100 Py.GIL() tasks, PythonEngine.Shutdown (or not) and
/// then a clean exit. Each case is a child process (tests/Linq2PyArrow.PythonNetHost); the expected output lists
/// how Linq2PyArrow took the GIL in each situation, so a changed mechanism shows, not only a hang.
/// Linq2PyArrow-first orders: <see cref="PythonNetAfterLinq2PyArrowTests"/>.
/// </summary>
[Trait("Category", "PythonNet")]
public sealed class PythonNetTests(ITestOutputHelper output)
{
    public static TheoryData<string> Libraries => PythonNetHost.Libraries();

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Python_NET_first_its_interpreter_is_adopted_and_every_thread_and_order_works(string library)
    {
        if (PythonNetHost.Skipped(output, library)) return;
        var result = PythonNetHost.Run(output, library, library, "pythonnet-first");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(PythonNetHost.Expected(adopted: true, before: [], mainThread: "GilState", shutdown: true), result.Lines);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Python_NET_first_the_process_exits_cleanly_without_an_explicit_Shutdown(string library)
    {
        if (PythonNetHost.Skipped(output, library)) return;
        // Python.NET's own ProcessExit handler then runs its Shutdown, after Linq2PyArrow's threads used Python.
        var result = PythonNetHost.Run(output, library, library, "pythonnet-first", "no-shutdown");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(PythonNetHost.Expected(adopted: true, before: [], mainThread: "GilState", shutdown: false), result.Lines);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void With_the_libpython_set_only_in_Python_NETs_code_Linq2PyArrow_uses_the_one_Python_NET_loaded(string library)
    {
        if (PythonNetHost.Skipped(output, library)) return;
        // Neither PYTHONNET_PYDLL nor LINQ2PYARROW_PYTHON: python3 on PATH may well be another Python, and the loaded
        // libpython must win over it (loading a second one would be the "different libpython" error).
        var result = PythonNetHost.Run(output, library, library, "pythonnet-first", "pydll-in-code");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(PythonNetHost.Expected(adopted: true, before: [], mainThread: "GilState", shutdown: true), result.Lines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Python_NET_first_with_another_python3_first_on_PATH_a_local_Dask_cluster_runs_and_the_process_exits_cleanly(bool shutdown)
    {
        var library = PythonNetHost.FindLibraries().FirstOrDefault(l => l.StartsWith("/usr/lib/", StringComparison.Ordinal));
        if (library is null || !DaskCluster.Available || OperatingSystem.IsWindows())
        {
            BindingTestSupport.Skip(output, "needs the system libpython with python3-distributed");
            return;
        }
        // Python.NET names no executable, so sys.executable becomes the first python3 on PATH: here one that is not this
        // installation at all (worker processes started with it never come up). And Python.NET's shutdown, explicit or
        // at process exit, must not find the Dask driver's loop thread still running (it crashed the process: 139).
        var folder = Directory.CreateTempSubdirectory("l2pa-other-python-");
        try
        {
            var other = Path.Combine(folder.FullName, "python3");
            File.WriteAllText(other, "#!/bin/sh\necho 'another installation' >&2\nexit 7\n");
            File.SetUnixFileMode(other, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var result = PythonNetHost.RunWithPath(output, library, library, folder.FullName, shutdown ? ["pythonnet-first-dask"] : ["pythonnet-first-dask", "no-shutdown"]);
            Assert.Equal(0, result.ExitCode);
            List<string> expected = [$"sys.executable: {other}", $"local:2: {PythonNetHost.Results}"];
            if (shutdown) expected.Add("PythonEngine.Shutdown returned");
            expected.Add("done");
            Assert.Equal(expected, result.Lines);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_different_libpython_than_Python_NETs_is_a_clear_error_and_Python_NET_keeps_working()
    {
        var libraries = PythonNetHost.FindLibraries().DistinctBy(Path.GetFileName).ToList();
        if (libraries.Count < 2)
        {
            BindingTestSupport.Skip(output, "needs two different Python 3.11+ versions with a shared libpython");
            return;
        }
        var (pythonNets, ours) = (libraries[1], libraries[0]);
        var result = PythonNetHost.Run(output, pythonNets, ours, "other-libpython");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Lines.Count);
        Assert.Equal(
            $"error: This process already has '{pythonNets}' loaded (by Python.NET or another embedder), but Linq2PyArrow is configured " +
            $"to use '{ours}' (found by LINQ2PYARROW_PYTHON). Two different libpythons cannot share one process. Fix: point both at the " +
            "same libpython: set PYTHONNET_PYDLL (or Python.Runtime.Runtime.PythonDLL) and LINQ2PYARROW_PYTHON (or PythonEnvironment.Configure) " +
            $"to the same file, e.g. LINQ2PYARROW_PYTHON='{pythonNets}'.",
            result.Lines[0]);
        Assert.Equal(["Python.NET still works: 42", "done"], result.Lines.Skip(1));
    }

    [Fact]
    public void The_same_libpython_named_by_a_link_and_by_its_executable_is_recognized_as_the_same()
    {
        var library = PythonNetHost.FindLibraries().FirstOrDefault(l => l.Contains("/.pyenv/", StringComparison.Ordinal));
        if (library is null)
        {
            BindingTestSupport.Skip(output, "needs a pyenv Python 3.11+ (its lib/libpython3.X.so link and bin/python3.X)");
            return;
        }
        var link = library[..^".1.0".Length]; // lib/libpython3.X.so → libpython3.X.so.1.0
        var minor = Path.GetFileName(link).Split('.')[1];
        var executable = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(library))!, "bin", $"python3.{minor}");
        Assert.True(File.Exists(link) && File.Exists(executable), $"{link} or {executable} is missing");
        var result = PythonNetHost.Run(output, link, executable, "pythonnet-first");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(PythonNetHost.Expected(adopted: true, before: [], mainThread: "GilState", shutdown: true), result.Lines);
    }
}
