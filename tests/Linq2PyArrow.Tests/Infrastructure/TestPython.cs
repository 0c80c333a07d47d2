using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>Runs Python statements in the embedded interpreter and returns the variable <c>result</c>, converted to .NET.</summary>
internal static class TestPython
{
    public static object? Run(string code)
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec(code);
        using var result = PyCode.Eval("globals().get('result')", globals);
        return PyConvert.FromPython(result);
    }

    public static long Long(string code) => Convert.ToInt64(Run(code));

    /// <summary>linq2pyarrow.arrow's export counters: live (not yet released), exported, released, unknown_releases.</summary>
    public static IReadOnlyDictionary<string, long> ProducerStats() =>
        ((IReadOnlyDictionary<string, object?>)Run("from linq2pyarrow.arrow import _cdata\nresult = _cdata.stats()")!)
            .ToDictionary(p => p.Key, p => Convert.ToInt64(p.Value));

    /// <summary>
    /// The counters once every export since <paramref name="before"/> is released and the live count is back where it
    /// was, or after 5 s. A scan whose workers outlived Dispose's graceful wait (a loaded machine) releases the batches
    /// they still held when those workers end, just after Dispose returned.
    /// </summary>
    public static IReadOnlyDictionary<string, long> SettledProducerStats(IReadOnlyDictionary<string, long> before)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var stats = ProducerStats();
        while ((stats["exported"] - before["exported"] != stats["released"] - before["released"] || stats["live"] != before["live"])
               && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            stats = ProducerStats();
        }
        return stats;
    }
}
