using Linq2PyArrow;
using Linq2PyArrow.Python;
using PyObject = Python.Runtime.PyObject;
using Linq2PyArrow.PythonNet;
using Python.Runtime;

// An application embedding Python through Python.NET that also uses Linq2PyArrow: the scenarios of
// tests/Linq2PyArrow.Tests/PythonNet/PythonNetTests.cs. The libpython comes from PYTHONNET_PYDLL (Python.NET) and
// LINQ2PYARROW_PYTHON (Linq2PyArrow). Every line printed is read by the tests; exit code 0 = the scenario ran
// through, 1 = an unexpected exception (printed), 3 = a PythonEnvironmentException (printed).
//   pythonnet-first [no-shutdown]   PythonEngine.Initialize, then Linq2PyArrow (adopts the interpreter)
//   linq2pyarrow-first              Linq2PyArrow starts Python (unused on the main thread), then PythonEngine.Initialize
//   linq2pyarrow-first-used         as above, with a query on the main thread before PythonEngine.Initialize
//   other-libpython                 Python.NET runs one libpython, Linq2PyArrow is configured with another
//   adapter [linq2pyarrow-first]    Linq2PyArrow.PythonNet: Open/GetSchema/FromArrow over objects Python.NET holds
//   pythonnet-first-dask [no-shutdown]  Python.NET starts Python (sys.executable: the first python3 on PATH), then
//                                   a query on a local Dask cluster (its workers must run this libpython's Python)
//   ... pydll-in-code               the libpython set in code (Runtime.PythonDLL), no environment variable for
//                                   either library: Linq2PyArrow uses the one Python.NET loaded
try
{
    var scenario = args[0];
    if (args.Contains("pydll-in-code"))
    {
        Runtime.PythonDLL = Environment.GetEnvironmentVariable("PYTHONNET_PYDLL");
        Environment.SetEnvironmentVariable("PYTHONNET_PYDLL", null);
        Environment.SetEnvironmentVariable("LINQ2PYARROW_PYTHON", null);
    }
    var shutdown = !args.Contains("no-shutdown");
    switch (scenario)
    {
        case "pythonnet-first":
            PythonEngine.Initialize();
            Steps.All(Queries.Open(), shutdown);
            break;
        case "linq2pyarrow-first":
            PythonEnvironment.Initialize();
            PythonEngine.Initialize();
            Steps.All(Queries.Open(), shutdown);
            break;
        case "linq2pyarrow-first-used":
            var early = Queries.Open();
            Steps.Check("main thread before Python.NET", early);
            PythonEngine.Initialize();
            Steps.All(early, shutdown);
            break;
        case "pythonnet-first-dask":
            PythonEngine.Initialize();
            PythonEngine.BeginAllowThreads();
            using (Py.GIL())
            {
                using var executable = PythonEngine.Eval("__import__('sys').executable");
                Console.WriteLine($"sys.executable: {executable}");
            }
            Console.WriteLine($"local:2: {Queries.Describe(Queries.Open(PythonSourceSettings.Default with { DaskScheduler = "local:2" }))}");
            if (shutdown)
            {
                PythonEngine.Shutdown();
                Console.WriteLine("PythonEngine.Shutdown returned");
            }
            break;
        case "other-libpython":
            PythonEngine.Initialize();
            PythonEngine.BeginAllowThreads();
            try
            {
                Queries.Open();
                Console.WriteLine("error: none");
            }
            catch (PythonEnvironmentException ex)
            {
                Console.WriteLine("error: " + ex.Message);
            }
            using (Py.GIL())
            {
                using var answer = PythonEngine.Eval("6 * 7");
                Console.WriteLine($"Python.NET still works: {answer.As<int>()}");
            }
            PythonEngine.Shutdown();
            break;
        case "adapter":
            if (args.Contains("linq2pyarrow-first")) PythonEnvironment.Initialize();
            PythonEngine.Initialize();
            PythonEngine.BeginAllowThreads();
            Adapter.Run();
            PythonEngine.Shutdown();
            break;
        default:
            throw new ArgumentException($"unknown scenario '{scenario}'");
    }
    Console.WriteLine("done");
    return 0;
}
catch (PythonEnvironmentException ex)
{
    Console.WriteLine($"PythonEnvironmentException: {ex.Message}");
    return 3;
}
catch (Exception ex)
{
    Console.WriteLine($"unexpected: {ex}");
    return 1;
}

/// <summary>The steps every order runs once both Python.NET and Linq2PyArrow are up (Python.NET's init thread holds the GIL).</summary>
internal static class Steps
{
    public static void All(IQueryable<Number> numbers, bool shutdown)
    {
        Console.WriteLine($"adopted: {PythonEnvironment.IsAdopted}");
        // Python.NET's init thread still holds the GIL here (before BeginAllowThreads).
        Check("init thread before BeginAllowThreads", numbers);
        PythonEngine.BeginAllowThreads();
        Check("main thread", numbers);
        using (Py.GIL())
        {
            Check("main thread inside Py.GIL()", numbers);
            using var list = PythonEngine.Eval("[1, 2, 3]");
            Console.WriteLine($"Python.NET inside the same Py.GIL(): {list.Length()}");
        }
        var pool = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Queries.Describe(numbers))).ToArray();
        Task.WaitAll(pool);
        Console.WriteLine($"pool threads: {string.Join(" | ", pool.Select(t => t.Result).Distinct())}");
        var insideGil = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            using (Py.GIL()) return Queries.Describe(numbers);
        })).ToArray();
        Task.WaitAll(insideGil);
        Console.WriteLine($"pool threads inside Py.GIL(): {string.Join(" | ", insideGil.Select(t => t.Result).Distinct())}");
        Concurrent(numbers);
        Check("main thread after the concurrent tasks", numbers);
        if (shutdown)
        {
            PythonEngine.Shutdown();
            Console.WriteLine("PythonEngine.Shutdown returned");
            // The interpreter outlives Python.NET's shutdown (Python.NET never finalizes it): queries still work.
            Check("after PythonEngine.Shutdown", numbers);
        }
    }

    /// <summary>4 queries on pool threads while 100 Py.GIL() tasks run Python through Python.NET.</summary>
    private static void Concurrent(IQueryable<Number> numbers)
    {
        var queries = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Queries.Describe(numbers))).ToArray();
        var pythonNet = Enumerable.Range(0, 100).Select(i => Task.Run(() =>
        {
            using (Py.GIL())
            {
                using var result = PythonEngine.Eval($"sum(range({i} * 100))");
                return result.As<long>() == (long)i * 100 * (i * 100 - 1) / 2;
            }
        })).ToArray();
        Task.WaitAll([.. queries, .. pythonNet]);
        Console.WriteLine($"concurrent queries: {string.Join(" | ", queries.Select(t => t.Result).Distinct())}");
        Console.WriteLine($"concurrent Py.GIL() tasks correct: {pythonNet.Count(t => t.Result)}/100");
    }

    public static void Check(string label, IQueryable<Number> numbers)
    {
        var mode = HoldModeHere();
        Console.WriteLine($"{label}: {Queries.Describe(numbers)} (GIL taken as {mode})");
    }

    /// <summary>How Linq2PyArrow takes the GIL on this thread, in the situation the caller is in.</summary>
    private static string HoldModeHere()
    {
        using var gil = Gil.Acquire();
        return Gil.CurrentHoldMode?.ToString() ?? "none";
    }
}

internal static class Queries
{
    private static readonly string s_python = Path.Combine(AppContext.BaseDirectory, "python");

    public static IQueryable<Number> Open(PythonSourceSettings? settings = null) => PythonSource.Open<Number>("pnet_numbers", "Numbers",
        new Dictionary<string, string> { ["partitions"] = "4", ["rows"] = "10000", ["batch"] = "500" },
        (settings ?? PythonSourceSettings.Default) with { SearchPaths = [s_python] });

    /// <summary>Three executions: a columnar aggregate, rows through a filter, and a count. Expected: "49995000 1429 10000".</summary>
    public static string Describe(IQueryable<Number> numbers)
    {
        var sum = numbers.Sum(n => n.N);
        var sevens = numbers.Where(n => n.N % 7 == 0).ToList().Count;
        var count = numbers.Count();
        return $"{sum} {sevens} {count}";
    }
}

/// <summary>PythonNetSource over objects created through Python.NET.</summary>
internal static class Adapter
{
    public static void Run()
    {
        PyObject module, instance;
        using (Py.GIL())
        {
            using var sys = Py.Import("sys");
            using var path = sys.GetAttr("path");
            path.InvokeMethod("insert", new PyInt(0), new PyString(Path.Combine(AppContext.BaseDirectory, "python"))).Dispose();
            module = Py.Import("pnet_numbers");
            using var cls = module.GetAttr("Numbers");
            instance = cls.Invoke();
        }
        var options = new Dictionary<string, string> { ["partitions"] = "4", ["rows"] = "10000", ["batch"] = "500" };
        var schema = PythonNetSource.GetSchema(instance, options);
        Console.WriteLine($"schema: {string.Join(", ", schema.FieldsList.Select(f => $"{f.Name}: {f.DataType.Name}"))}");
        var numbers = PythonNetSource.Open<Number>(instance, options);
        Console.WriteLine($"Open: {Queries.Describe(numbers)}");
        Console.WriteLine($"Open, pushdown: {numbers.Where(n => n.N >= 9990).Select(n => n.Square).Sum()}");
        using (Py.GIL())
        {
            var inside = PythonNetSource.Open<Number>(instance, options, PythonSourceSettings.Default with { MaxDegreeOfParallelism = 2 });
            Console.WriteLine($"Open inside Py.GIL(): {Queries.Describe(inside)}");
            instance.Dispose();
        }
        Console.WriteLine($"Open after the host disposed its PyObject: {Queries.Describe(numbers)}");

        IQueryable<Number> table, batch, stream;
        using (Py.GIL())
        {
            using var makeTable = module.GetAttr("make_table");
            using var pyTable = makeTable.Invoke(new PyInt(1000), new PyInt(100));
            table = PythonNetSource.FromArrow<Number>(pyTable);
            using var makeBatch = module.GetAttr("make_batch");
            using var pyBatch = makeBatch.Invoke(new PyInt(0), new PyInt(10));
            batch = PythonNetSource.FromArrow<Number>(pyBatch);
            using var makeReader = module.GetAttr("make_reader");
            using var reader = makeReader.Invoke(new PyInt(1000), new PyInt(100));
            using var streamOnly = module.GetAttr("StreamOnly").Invoke(reader);
            stream = PythonNetSource.FromArrow<Number>(streamOnly);
        }
        Console.WriteLine($"FromArrow table: {table.Sum(n => n.N)} {table.Count(n => n.N % 7 == 0)} {table.Count()} {table.Max(n => n.Square)}");
        Console.WriteLine($"FromArrow record batch: {batch.Sum(n => n.N)} {batch.Count()}");
        Console.WriteLine($"FromArrow stream, first query: {stream.Sum(n => n.N)}");
        try
        {
            Console.WriteLine($"FromArrow stream, second query: {stream.Sum(n => n.N)}");
        }
        catch (PythonDataSourceException ex)
        {
            Console.WriteLine($"FromArrow stream, second query: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
        using (Py.GIL())
        {
            try
            {
                using var notArrow = new PyInt(5);
                PythonNetSource.FromArrow<Number>(notArrow);
            }
            catch (ArgumentException ex)
            {
                Console.WriteLine($"FromArrow int: {ex.GetType().Name}: {ex.Message}");
            }
            try
            {
                using var notSource = new PyDict();
                PythonNetSource.Open<Number>(notSource);
            }
            catch (PythonDataSourceException ex)
            {
                Console.WriteLine($"Open dict: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            }
        }
        using (Py.GIL()) module.Dispose();
    }
}

public sealed record Number(long N, long Square);
