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
}
