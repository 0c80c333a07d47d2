using System.Runtime.InteropServices;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Python.Runtime;

/// <summary>
/// The one embedded interpreter of the process. Initialized once, on a dedicated owner thread that then
/// releases the GIL and stays parked: it drains queued decrefs when nobody else uses Python, and runs Python's
/// exit handlers at process exit. The interpreter is never finalized (Py_FinalizeEx with live .NET references,
/// C extensions such as numpy, or stuck non-daemon threads can crash or hang, and cannot be undone: CPython
/// cannot be re-initialized in one process), so a process using the library always exits promptly.
/// When the configured libpython is already loaded and initialized by someone else (Python.NET, or any
/// embedder), that interpreter is adopted instead: no second initialization, and its exit stays its owner's
/// business (see <see cref="IsAdopted"/>).
/// </summary>
internal static partial class PythonRuntime
{
    private static readonly Lock s_initLock = new();
    private static volatile bool s_initialized;
    private static Exception? s_initFailure;
    private static readonly AutoResetEvent s_ownerWake = new(false);
    private static volatile bool s_exiting;

    private static string? s_configuredPython;
    private static readonly List<string> s_configuredSearchPaths = [];

    public static nint Interpreter { get; private set; }
    public static PythonInstallation Installation { get; private set; } = null!;
    public static string Version { get; private set; } = "";
    public static bool IsInitialized => s_initialized;

    /// <summary>
    /// True when the interpreter was started by someone else in this process and Linq2PyArrow joined it: it then
    /// neither initializes nor finalizes it, and runs no atexit handlers at process exit (the owner decides).
    /// </summary>
    public static bool IsAdopted { get; private set; }

    public static void Configure(string? python, IEnumerable<string>? searchPaths)
    {
        lock (s_initLock)
        {
            if (s_initialized)
                throw new InvalidOperationException(
                    $"The embedded Python ({Installation.LibraryPath}) is already running; configure it before the first query. " +
                    "One interpreter serves the whole process and cannot be restarted.");
            s_configuredPython = python;
            if (searchPaths is not null) s_configuredSearchPaths.AddRange(searchPaths);
        }
    }

    public static void EnsureInitialized()
    {
        if (!s_initialized) InitializeOnce();
    }

    private static unsafe void InitializeOnce()
    {
        lock (s_initLock)
        {
            if (s_initialized) return;
            // A failed start is final once a libpython is loaded: CPython cannot be initialized twice, and a second
            // libpython in the same process would clash with the first. Before that (Python not found, or not
            // loadable), fixing the configuration and trying again is fine.
            if (s_initFailure is not null)
                throw new PythonEnvironmentException($"The embedded Python failed to start earlier: {s_initFailure.Message}", s_initFailure);
            var installation = PythonLocator.Locate(s_configuredPython);
            // Before loading anything (so fixing the configuration and retrying stays possible): a second, different
            // libpython next to one an embedder loaded would share its global symbols and crash.
            var other = LoadedPythons.Other(installation.LibraryPath);
            if (other is not null) throw LoadedPythons.Conflict(other, installation);
            var library = DynamicLinker.OpenIfLoaded(installation.LibraryPath);
            var loadedBefore = library != 0;
            if (!loadedBefore)
            {
                library = DynamicLinker.OpenGlobal(installation.LibraryPath, out var error);
                if (library == 0)
                    throw new PythonEnvironmentException(
                        $"Loading '{installation.LibraryPath}' (found by {installation.FoundBy}) failed: {error}.");
            }
            try
            {
                CApi.Bind(library, installation.LibraryPath, installation.MinorVersion);
                Installation = installation;
                if (loadedBefore && CApi.Py_IsInitialized() != 0) AdoptInterpreter(installation);
                else StartOwnerThread(installation);
                s_initialized = true;
            }
            catch (Exception ex)
            {
                s_initFailure = ex;
                throw;
            }
        }
    }

    /// <summary>
    /// Joins the interpreter an embedder (Python.NET, or any other) already started with the same libpython. Runs on
    /// the calling thread, which may hold the GIL itself (inside Py.GIL(), or Python.NET's init thread before
    /// BeginAllowThreads): a separate thread would wait for that GIL forever. The owner thread then only does the
    /// housekeeping (queued decrefs, dead threads' states); no ProcessExit handler: the interpreter's exit is its
    /// owner's business.
    /// </summary>
    private static unsafe void AdoptInterpreter(PythonInstallation installation)
    {
        IsAdopted = true;
        Interpreter = CApi.PyInterpreterState_Main();
        Version = (Marshal.PtrToStringUTF8(CApi.Py_GetVersion()) ?? "").Split(' ')[0];
        try
        {
            using var gil = Gil.AcquireDuringStartup();
            CApi.BindConstants();
            PythonTypes.Load();
            ConfigureSysPath(installation);
        }
        catch (PythonException ex)
        {
            throw new PythonEnvironmentException($"Configuring the adopted Python failed: {ex.Message}\n{ex.PythonTraceback}", ex);
        }
        new Thread(() =>
        {
            Gil.DeclareLibraryThread();
            OwnerLoop();
        }) { IsBackground = true, Name = "Linq2PyArrow Python housekeeping" }.Start();
    }

    private static void StartOwnerThread(PythonInstallation installation)
    {
        Exception? failure = null;
        using var ready = new ManualResetEventSlim();
        var owner = new Thread(() =>
        {
            try
            {
                InitializeInterpreter(installation);
            }
            catch (Exception ex)
            {
                failure = ex;
                ready.Set();
                return;
            }
            ready.Set();
            OwnerLoop();
        })
        {
            IsBackground = true,
            Name = "Linq2PyArrow Python owner",
        };
        owner.Start();
        ready.Wait();
        if (failure is not null)
            throw failure as PythonEnvironmentException ?? new PythonEnvironmentException($"Starting Python failed: {failure.Message}", failure);
        // Registered before start-up returns, so handlers the application adds later run after Python's atexit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => OnProcessExit();
    }

    /// <summary>Runs on the owner thread; returns with the GIL released.</summary>
    private static unsafe void InitializeInterpreter(PythonInstallation installation)
    {
        if (CApi.Py_IsInitialized() != 0)
            throw new PythonEnvironmentException(
                $"'{installation.LibraryPath}' was initialized by another embedder while Linq2PyArrow was starting it. " +
                "Fix: start one of them completely before the other is used (e.g. PythonEngine.Initialize() before the first query).");

        // Managed Environment.SetEnvironmentVariable does not reach getenv on Unix; Python reads these natively.
        foreach (var name in new[] { "PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONDONTWRITEBYTECODE" })
            NativeEnvironment.Propagate(name);

        InterpreterStartup.Start(installation);
        if (CApi.Py_IsInitialized() == 0)
            throw new PythonEnvironmentException($"Py_InitializeEx failed for '{installation.LibraryPath}'.");
        CApi.BindConstants();
        Interpreter = CApi.PyInterpreterState_Get();
        Version = (Marshal.PtrToStringUTF8(CApi.Py_GetVersion()) ?? "").Split(' ')[0];

        // The owner thread holds the GIL through the initial thread state; from here on it uses it like any
        // other thread, through Gil, so its own disposals decref at once and its releases drain the queue.
        using var gil = Gil.AdoptInitialThreadState(CApi.PyThreadState_Get());
        try
        {
            PythonTypes.Load();
            ConfigureSysPath(installation);
        }
        catch (PythonException ex)
        {
            throw new PythonEnvironmentException($"Configuring the embedded Python failed: {ex.Message}\n{ex.PythonTraceback}", ex);
        }
    }

    private static void ConfigureSysPath(PythonInstallation installation)
    {
        using var site = PythonTypes.Import("site");
        foreach (var sitePackages in installation.SitePackages.Where(Directory.Exists))
        {
            using var path = PyConvert.FromString(sitePackages);
            using (site.CallMethod("addsitedir", path)) { }
        }
        var paths = new List<string>();
        var companion = CompanionPackage.Directory;
        if (companion is not null) paths.Add(companion);
        paths.AddRange(s_configuredSearchPaths);
        AddToSysPath(paths);
    }

    /// <summary>Prepends directories to sys.path (those not already there). GIL required.</summary>
    public static void AddToSysPath(IEnumerable<string> directories)
    {
        using var sys = PythonTypes.Import("sys");
        using var sysPath = sys.GetAttr("path");
        var present = ((IReadOnlyList<object?>)PyConvert.FromPython(sysPath)!).OfType<string>().ToHashSet();
        var index = 0;
        foreach (var directory in directories.Select(Path.GetFullPath).Distinct())
        {
            if (present.Contains(directory)) continue;
            using var position = PyConvert.ToPython(index++);
            using var entry = PyConvert.FromString(directory);
            using (sysPath.CallMethod("insert", position, entry)) { }
        }
    }

    /// <summary>Asks the owner thread to drain queued decrefs (called when the queue grows).</summary>
    public static void RequestDrain()
    {
        if (s_initialized) s_ownerWake.Set();
    }
}
