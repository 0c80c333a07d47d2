namespace Linq2PyArrow.Benchmarks.Scale;

/// <summary>What the Dask benchmarks share: the local cluster they run on, and whether Dask is there at all.</summary>
internal static class DaskBench
{
    /// <summary>Two worker processes on this machine, started by the first query and kept for the whole run.</summary>
    public const string Scheduler = "local:2";

    private static readonly Lazy<bool> s_available = new(() =>
    {
        using var gil = Python.Gil.Acquire();
        using var globals = Python.PyCode.Exec("import importlib.util\nresult = importlib.util.find_spec('distributed') is not None");
        using var result = Python.PyCode.Eval("result", globals);
        return result.IsTrue();
    });

    /// <summary>
    /// False where the embedded Python lacks distributed (pyenv builds): the Dask benchmarks then return at once, as
    /// the PostgreSQL ones do without a database. Debian's python3 with python3-distributed has it.
    /// </summary>
    public static bool Available => s_available.Value;

    public static PythonSourceSettings Settings(PythonSourceSettings? settings = null) =>
        (settings ?? PythonSourceSettings.Default) with { DaskScheduler = Scheduler };
}
