using Linq2PyArrow.Python;
using Linq2PyArrow.Python.Runtime;

namespace Linq2PyArrow;

/// <summary>
/// The embedded Python interpreter shared by every source in the process. It starts on first use; configure it
/// before that if the default choice (LINQ2PYARROW_PYTHON, PYTHONNET_PYDLL, the active virtual environment,
/// then python3 on PATH) is not the one you want.
/// </summary>
public static class PythonEnvironment
{
    /// <summary>
    /// Chooses the Python and extra <c>sys.path</c> entries. Must be called before the first query.
    /// </summary>
    /// <param name="python">A python executable (preferred: its sys.prefix and venv are honoured) or a libpython3.X.so path;
    /// null keeps the automatic choice.</param>
    /// <param name="searchPaths">Directories prepended to <c>sys.path</c>.</param>
    /// <exception cref="InvalidOperationException">The interpreter is already running.</exception>
    public static void Configure(string? python = null, IEnumerable<string>? searchPaths = null) =>
        PythonRuntime.Configure(python, searchPaths);

    /// <summary>Starts the interpreter now (it otherwise starts on first use), surfacing configuration errors early.</summary>
    /// <exception cref="PythonEnvironmentException">No usable Python was found, or it failed to start.</exception>
    public static void Initialize() => PythonRuntime.EnsureInitialized();

    /// <summary>True once the interpreter is running.</summary>
    public static bool IsInitialized => PythonRuntime.IsInitialized;

    /// <summary>
    /// True when the interpreter was already running when Linq2PyArrow started (initialized by Python.NET or another
    /// embedder, with the same libpython) and was adopted: Linq2PyArrow then neither initializes nor finalizes it, and
    /// leaves its exit (atexit handlers) to its owner. False when Linq2PyArrow started it, or has not started yet.
    /// </summary>
    public static bool IsAdopted => PythonRuntime.IsAdopted;

    /// <summary>The running Python's version, e.g. <c>3.11.7</c>. Starts the interpreter if needed.</summary>
    public static string Version
    {
        get
        {
            PythonRuntime.EnsureInitialized();
            return PythonRuntime.Version;
        }
    }

    /// <summary>The libpython that was loaded. Starts the interpreter if needed.</summary>
    public static string LibraryPath
    {
        get
        {
            PythonRuntime.EnsureInitialized();
            return PythonRuntime.Installation.LibraryPath;
        }
    }

    /// <summary>Adds directories to the front of <c>sys.path</c> of the running interpreter.</summary>
    public static void AddSearchPaths(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        using var gil = Gil.Acquire();
        PythonRuntime.AddToSysPath(directories);
    }
}
