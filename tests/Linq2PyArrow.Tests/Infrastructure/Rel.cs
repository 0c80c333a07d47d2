namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>Small helpers shared by the reliability tests.</summary>
internal static class Rel
{
    public static Dictionary<string, string> Options(params (string Key, string Value)[] options) =>
        options.ToDictionary(o => o.Key, o => o.Value);

    public static long PythonLong(string expression) => TestPython.Long($"import rel_sources\nresult = {expression}");

    /// <summary>Runs <paramref name="action"/> on a thread pool thread and fails the test if it does not finish in time (a deadlock).</summary>
    public static T WithTimeout<T>(Func<T> action, TimeSpan timeout, string what)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(timeout), $"{what} did not finish within {timeout} (deadlock?)");
        return task.Result;
    }
}
