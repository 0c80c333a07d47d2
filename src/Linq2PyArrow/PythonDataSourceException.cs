namespace Linq2PyArrow;

/// <summary>
/// A Python data source failed: its module, class or methods are missing or wrong, or one of its methods raised
/// or returned something the protocol does not allow. The message names the source, the operation, the
/// partition and, for Python exceptions, the Python type, message and traceback. Secrets in options and
/// partition specs are masked.
/// </summary>
public sealed class PythonDataSourceException : Exception
{
    internal PythonDataSourceException(string source, string operation, string problem, int? partitionIndex = null,
        string? partitionSpec = null, PythonException? python = null, string? pythonTraceback = null)
        : base(Format(source, operation, problem, partitionIndex, partitionSpec, pythonTraceback ?? python?.PythonTraceback), python)
    {
        SourceName = source;
        Operation = operation;
        PartitionIndex = partitionIndex;
        PartitionSpec = partitionSpec;
        PythonType = python?.PythonType;
        PythonMessage = python?.PythonMessage;
        PythonTraceback = pythonTraceback ?? python?.PythonTraceback;
    }

    /// <summary>The source as <c>module.Class</c>.</summary>
    public string SourceName { get; }

    /// <summary>What failed: <c>import</c>, <c>instantiate</c>, <c>infer_schema</c>, <c>plan_partitions</c> or <c>read_partition</c>.</summary>
    public string Operation { get; }

    /// <summary>The partition's position in the plan, for read_partition failures.</summary>
    public int? PartitionIndex { get; }

    /// <summary>The partition spec as JSON, secrets masked.</summary>
    public string? PartitionSpec { get; }

    /// <summary>The Python exception type when Python raised, e.g. <c>ValueError</c>.</summary>
    public string? PythonType { get; }

    /// <summary>The Python exception's message (secrets masked).</summary>
    public string? PythonMessage { get; }

    /// <summary>The formatted Python traceback (secrets masked).</summary>
    public string? PythonTraceback { get; }

    private static string Format(string source, string operation, string problem, int? partition, string? spec, string? traceback)
    {
        var where = partition is null ? "" : $" (partition {partition}{(spec is null ? "" : $", spec {spec}")})";
        var text = $"Python data source '{source}' failed in {operation}{where}: {problem}";
        return string.IsNullOrEmpty(traceback) ? text : $"{text}{Environment.NewLine}{traceback}";
    }
}
