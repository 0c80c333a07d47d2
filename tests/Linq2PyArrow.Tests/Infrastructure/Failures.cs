namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>Exact checks of a <see cref="PythonDataSourceException"/>: every part of the message, traceback included.</summary>
internal static class Failures
{
    public static PythonDataSourceException Assert(Action action, string source, string operation, string pythonType, string pythonMessage)
    {
        var ex = Xunit.Assert.Throws<PythonDataSourceException>(action);
        Check(ex, source, operation, pythonType, pythonMessage);
        return ex;
    }

    public static void Check(PythonDataSourceException ex, string source, string operation, string pythonType, string pythonMessage,
        int? partition = null)
    {
        Xunit.Assert.Equal(source, ex.SourceName);
        Xunit.Assert.Equal(operation, ex.Operation);
        Xunit.Assert.Equal(pythonType, ex.PythonType);
        Xunit.Assert.Equal(pythonMessage, ex.PythonMessage);
        Xunit.Assert.Equal(partition, ex.PartitionIndex);
        Xunit.Assert.False(string.IsNullOrEmpty(ex.PythonTraceback));
        var where = partition is null ? "" : $" (partition {partition}, spec {ex.PartitionSpec})";
        Xunit.Assert.Equal(
            $"Python data source '{source}' failed in {operation}{where}: {pythonType}: {pythonMessage}{Environment.NewLine}{ex.PythonTraceback}",
            ex.Message);
    }

    /// <summary>No part of the exception (message, traceback, inner exceptions, ToString) mentions <paramref name="secret"/>.</summary>
    public static void DoesNotLeak(Exception ex, string secret)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            Xunit.Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
            Xunit.Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
        }
        if (ex is PythonDataSourceException source)
        {
            Xunit.Assert.DoesNotContain(secret, source.PythonMessage ?? "", StringComparison.Ordinal);
            Xunit.Assert.DoesNotContain(secret, source.PythonTraceback ?? "", StringComparison.Ordinal);
            Xunit.Assert.DoesNotContain(secret, source.PartitionSpec ?? "", StringComparison.Ordinal);
        }
    }
}
