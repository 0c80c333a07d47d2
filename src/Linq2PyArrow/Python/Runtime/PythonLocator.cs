using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Linq2PyArrow.Python.Runtime;

/// <summary>
/// Finds libpython, in this order: an explicit setting → LINQ2PYARROW_PYTHON (an executable or a libpython)
/// → PYTHONNET_PYDLL → the libpython an embedder already loaded → the active virtual environment (VIRTUAL_ENV)
/// → python3 on PATH. Executables are asked
/// through sysconfig where their shared library lives. Every attempt is recorded for the error message.
/// </summary>
internal static partial class PythonLocator
{
    private const int MinSupportedMinor = 9;

    // Printed by the candidate interpreter itself, one value per line.
    private const string ProbeScript =
        "import sys, sysconfig, os, site\n" +
        "v = sysconfig.get_config_var\n" +
        "print(sys.version_info[0]); print(sys.version_info[1])\n" +
        "print(v('Py_ENABLE_SHARED') or 0)\n" +
        "print(v('LIBDIR') or ''); print(v('INSTSONAME') or ''); print(v('LDLIBRARY') or '')\n" +
        "print(sys.executable)\n" +
        "print(os.pathsep.join(site.getsitepackages() if hasattr(site, 'getsitepackages') else []))\n";

    public static PythonInstallation Locate(string? explicitPath)
    {
        var attempts = new List<string>();

        // An explicit choice is authoritative: when it is set but unusable, silently falling back to some other
        // Python would load a different interpreter (and packages) than the one asked for.
        if (TryExplicit(explicitPath, "the path set with PythonEnvironment.Configure", attempts, out var found)) return found;
        if (TryExplicit(Environment.GetEnvironmentVariable("LINQ2PYARROW_PYTHON"), "LINQ2PYARROW_PYTHON", attempts, out found)) return found;
        if (TryExplicit(Environment.GetEnvironmentVariable("PYTHONNET_PYDLL"), "PYTHONNET_PYDLL", attempts, out found)) return found;

        // Nothing chosen explicitly, and an embedder (Python.NET, or any other) already loaded a libpython: that is the
        // only Python this process can use (a second libpython would clash with it), so it wins over the guesses below.
        var loaded = LoadedPythons.List();
        if (loaded.Count == 0) attempts.Add("a libpython already loaded in this process: none");
        else if (loaded.Count == 1 && TryCandidate(loaded[0], "the libpython already loaded in this process (by Python.NET or another embedder)", attempts, out found)) return found;

        var venv = Environment.GetEnvironmentVariable("VIRTUAL_ENV");
        if (string.IsNullOrEmpty(venv)) attempts.Add("VIRTUAL_ENV: not set");
        else if (!File.Exists(Path.Combine(venv, "pyvenv.cfg"))) attempts.Add($"VIRTUAL_ENV={venv}: no pyvenv.cfg there, not a virtual environment");
        else if (TryCandidate(Path.Combine(venv, "bin", "python"), $"VIRTUAL_ENV ({venv})", attempts, out found)) return found;

        var onPath = FindOnPath("python3");
        if (onPath is null) attempts.Add("python3 on PATH: not found");
        else if (TryCandidate(onPath, "python3 on PATH", attempts, out found)) return found;

        throw NotFound(attempts);
    }

    private static bool TryExplicit(string? path, string rule, List<string> attempts, out PythonInstallation found)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            attempts.Add($"{rule}: not set");
            found = null!;
            return false;
        }
        if (TryCandidate(path, rule, attempts, out found)) return true;
        throw NotFound(attempts);
    }

    private static PythonEnvironmentException NotFound(List<string> attempts) => new(
        "Linq2PyArrow could not find a usable Python (CPython 3.9 or newer built with a shared libpython). Tried:\n  - " +
        string.Join("\n  - ", attempts) +
        "\nFix: set LINQ2PYARROW_PYTHON to a python executable or to its libpython3.X.so, or call " +
        "PythonEnvironment.Configure(path) before the first query. On Debian/Ubuntu: apt-get install python3 libpython3-dev; " +
        "with pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.12.");

    private static bool TryCandidate(string? path, string rule, List<string> attempts, out PythonInstallation found)
    {
        found = null!;
        if (string.IsNullOrWhiteSpace(path))
        {
            attempts.Add($"{rule}: not set");
            return false;
        }
        if (!File.Exists(path))
        {
            attempts.Add($"{rule}: '{path}' does not exist");
            return false;
        }
        var fileName = Path.GetFileName(path);
        if (fileName == "libpython3.so")
        {
            attempts.Add($"{rule}: '{path}' is the stable-ABI stub, which exports nothing itself; use libpython3.X.so.1.0");
            return false;
        }
        var library = LibraryName().Match(fileName);
        if (library.Success)
        {
            var minor = int.Parse(library.Groups[1].Value);
            if (minor < MinSupportedMinor)
            {
                attempts.Add($"{rule}: '{path}' is Python 3.{minor}; 3.{MinSupportedMinor} or newer is required");
                return false;
            }
            found = new PythonInstallation(path, GuessExecutableNextTo(path, minor), minor, [], rule);
            return true;
        }
        return TryExecutable(path, rule, attempts, out found);
    }

    private static bool TryExecutable(string executable, string rule, List<string> attempts, out PythonInstallation found)
    {
        found = null!;
        string[] lines;
        try
        {
            lines = RunProbe(executable);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            attempts.Add($"{rule}: running '{executable}' failed: {ex.Message}");
            return false;
        }
        if (lines.Length < 8 || lines[0] != "3" || !int.TryParse(lines[1], out var minor))
        {
            attempts.Add($"{rule}: '{executable}' did not answer like CPython 3 (got: {string.Join(" | ", lines.Take(3))})");
            return false;
        }
        if (minor < MinSupportedMinor)
        {
            attempts.Add($"{rule}: '{executable}' is Python 3.{minor}; 3.{MinSupportedMinor} or newer is required");
            return false;
        }
        var (shared, libDir, soName, ldLibrary) = (lines[2], lines[3], lines[4], lines[5]);
        if (shared != "1")
        {
            attempts.Add($"{rule}: '{executable}' (Python 3.{minor}) was built without a shared libpython (Py_ENABLE_SHARED=0), " +
                         "so it cannot be embedded; rebuild it with --enable-shared");
            return false;
        }
        var library = new[] { soName, ldLibrary, $"libpython3.{minor}.so.1.0" }
            .Where(n => n.Length > 0)
            .Select(n => Path.Combine(libDir, n))
            .FirstOrDefault(File.Exists);
        if (library is null)
        {
            attempts.Add($"{rule}: '{executable}' reports its shared library as {soName} in '{libDir}', which does not exist");
            return false;
        }
        var sitePackages = lines[7].Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        // sys.executable rather than the path we ran: a launcher (pyenv's shims are shell scripts) would give
        // Python a program name from which it cannot derive its prefix. In a venv it is the venv's python.
        var programName = lines[6].Length > 0 && File.Exists(lines[6]) ? lines[6] : executable;
        found = new PythonInstallation(library, programName, minor, sitePackages, rule);
        return true;
    }

    private static string[] RunProbe(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ProbeScript);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("no answer within 30 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"exit code {process.ExitCode}: {error.Result.Trim()}");
        return output.Result.Split('\n', StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// The python executable of the installation a libpython belongs to, so Python derives the right sys.prefix:
    /// &lt;prefix&gt;/lib/libpython3.X.so → &lt;prefix&gt;/bin/python3.X, and for Debian's multiarch layout
    /// (&lt;prefix&gt;/lib/x86_64-linux-gnu/libpython3.X.so) one level further up.
    /// </summary>
    private static string? GuessExecutableNextTo(string libraryPath, int minor)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(libraryPath));
        var parent = dir is null ? null : Path.GetDirectoryName(dir);
        var prefix = Path.GetFileName(dir) == "lib" ? parent
            : Path.GetFileName(parent) == "lib" ? Path.GetDirectoryName(parent)
            : null;
        if (prefix is null) return null;
        var candidate = Path.Combine(prefix, "bin", $"python3.{minor}");
        return File.Exists(candidate) ? candidate : null;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    [GeneratedRegex(@"^libpython3\.(\d+)[a-z]*\.so")]
    private static partial Regex LibraryName();
}
