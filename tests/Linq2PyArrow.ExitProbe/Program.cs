using Linq2PyArrow;
using Linq2PyArrow.Python;

// Modes (first argument); every line printed is read by tests/Linq2PyArrow.Tests/Python/ProcessTests.cs.
//   atexit            start Python, a non-daemon thread sleeping forever and an atexit handler; return from Main
//   atexit-hang       an atexit handler that never returns
//   locate            start Python and describe it, or print the PythonEnvironmentException (exit code 3)
//   import M          import module M and print its file
//   setenv-import D M set PYTHONPATH=D through Environment.SetEnvironmentVariable, then import M
//   pool              10 000 thread-pool calls straight after init
//   retry P           configure a missing Python, fail to start, configure P, start
//   exit-dispose      ProcessExit handlers (one registered before the runtime's, one after) use Python
//   gil-loop N [library]  N GIL acquire/release pairs, then N acquire + no-arg call + release, on this thread (for
//                     counting instructions per operation under callgrind: run with two N and take the difference);
//                     "library": the thread is declared one of the library's own, as partition workers are
//   dask-local N D    count the rows of dask_sources.Numbers (from folder D) on a local Dask cluster of N workers,
//                     print them and the worker processes' ids, and return from Main (the cluster stops at exit)
try
{
    return args[0] switch
    {
        "atexit" => AtExit(hang: false),
        "atexit-hang" => AtExit(hang: true),
        "locate" => Locate(),
        "import" => Import(args[1]),
        "setenv-import" => SetEnvImport(args[1], args[2]),
        "pool" => await Pool(),
        "retry" => Retry(args[1]),
        "exit-dispose" => ExitDispose(),
        "gil-loop" => GilLoop(int.Parse(args[1]), args.Length > 2 && args[2] == "library"),
        "dask-local" => DaskLocal(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]),
        _ => throw new ArgumentException($"unknown mode '{args[0]}'"),
    };
}
catch (PythonEnvironmentException ex)
{
    Console.WriteLine($"PythonEnvironmentException: {ex.Message}");
    return 3;
}

static void Run(string code)
{
    using var gil = Gil.Acquire();
    using (PyCode.Exec(code)) { }
}

static int AtExit(bool hang)
{
    Run($$"""
        import atexit, sys, threading, time

        def handler():
            print("atexit handler ran", flush=True)
            if {{(hang ? "True" : "False")}}:
                time.sleep(3600)

        atexit.register(handler)
        threading.Thread(target=lambda: time.sleep(3600), daemon=False, name="sleeps forever").start()
        print("ready", flush=True)
        """);
    return 0;
}

static int Locate()
{
    PythonEnvironment.Initialize();
    Console.WriteLine($"version={PythonEnvironment.Version}");
    Console.WriteLine($"library={PythonEnvironment.LibraryPath}");
    Run("""
        import sys, _ctypes, _decimal, _sqlite3
        print("prefix=" + sys.prefix)
        print("extensions=ok")
        """);
    return 0;
}

static int Import(string module)
{
    Run($"import {module}\nprint('file=' + {module}.__file__)");
    return 0;
}

static int SetEnvImport(string directory, string module)
{
    Environment.SetEnvironmentVariable("PYTHONPATH", directory);
    return Import(module);
}

static int ExitDispose()
{
    // Handlers run in registration order: 'before' runs ahead of the runtime's own (registered at start-up),
    // 'after' once Python's atexit handlers have run. Both must still be able to use Python (pythonnet#1701).
    PyObject? kept = null;
    void Handler(string name)
    {
        using var gil = Gil.Acquire();
        using var value = PyCode.Eval("sum(range(10))");
        kept?.Dispose();
        kept = PyCode.Eval("object()");
        Console.WriteLine($"{name} handler: {PyConvert.FromPython(value)}");
    }
    AppDomain.CurrentDomain.ProcessExit += (_, _) => Handler("before");
    PythonEnvironment.Initialize();
    AppDomain.CurrentDomain.ProcessExit += (_, _) => Handler("after");
    Run("import atexit\natexit.register(lambda: print('atexit handler ran', flush=True))");
    return 0;
}

static int Retry(string python)
{
    PythonEnvironment.Configure(python: "/no/such/python3");
    try
    {
        PythonEnvironment.Initialize();
        Console.WriteLine("first start: succeeded");
    }
    catch (PythonEnvironmentException)
    {
        Console.WriteLine("first start: failed");
    }
    PythonEnvironment.Configure(python: python);
    PythonEnvironment.Initialize();
    Console.WriteLine($"second start: {PythonEnvironment.Version}");
    return 0;
}

static async Task<int> Pool()
{
    PyObject square;
    using (Gil.Acquire()) square = PyCode.Eval("lambda x: x * x");
    var results = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(i => Task.Run(() =>
    {
        using var gil = Gil.Acquire();
        using var arg = PyConvert.ToPython(i);
        using var result = square.Call(arg);
        return PyConvert.ToInt64(result);
    })));
    Console.WriteLine($"sum={results.Sum()}");
    return 0;
}

static int GilLoop(int count, bool libraryThread)
{
    if (libraryThread) Gil.DeclareLibraryThread();
    PyObject noop;
    using (Gil.Acquire())
    {
        using var globals = PyCode.Exec("def noop():\n    pass\n");
        noop = PyCode.Eval("noop", globals);
    }
    for (var i = 0; i < count; i++)
    {
        using var gil = Gil.Acquire();
    }
    for (var i = 0; i < count; i++)
    {
        using var gil = Gil.Acquire();
        using var result = noop.CallRef();
    }
    Console.WriteLine($"gil-loop {count}: done");
    return 0;
}

static int DaskLocal(int workers, string sources)
{
    var scheduler = $"local:{workers}";
    var settings = PythonSourceSettings.Default with { DaskScheduler = scheduler, SearchPaths = [sources] };
    var options = new Dictionary<string, string> { ["partitions"] = "5", ["rows"] = "40", ["batch"] = "9" };
    var query = PythonSource.Open<(long, int)>("dask_sources", "Numbers", options, settings);
    Console.WriteLine($"rows={query.Count()}");
    Console.WriteLine(query.Explain().Split('\n').First(l => l.StartsWith("Partitions run on", StringComparison.Ordinal)));
    Run($$"""
        import os
        from linq2pyarrow import dask
        driver = dask.get_driver("{{scheduler}}")
        async def pids():
            client = await driver.client()
            return await client.run(os.getpid)
        print("workers=" + ",".join(str(pid) for pid in driver.call(pids()).values()), flush=True)
        """);
    return 0;
}
