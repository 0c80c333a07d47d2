namespace Linq2PyArrow;

/// <summary>
/// The data does not fit its declared shape: a row type's member has no column or an incompatible type (at
/// Open), a batch lacks a column or carries another type than the schema declared, or a null arrived for a
/// member that cannot hold one (when read).
/// </summary>
public sealed class SchemaMismatchException : Exception
{
    internal SchemaMismatchException(string message, string source, string column, string? expected, string? actual,
        int? partitionIndex = null, long? row = null) : base(message)
    {
        SourceName = source;
        Column = column;
        ExpectedType = expected;
        ActualType = actual;
        PartitionIndex = partitionIndex;
        Row = row;
    }

    /// <summary>The source as <c>module.Class</c>.</summary>
    public string SourceName { get; }

    /// <summary>The column (or member) concerned.</summary>
    public string Column { get; }

    /// <summary>What was expected: an Arrow type name, or a .NET member type.</summary>
    public string? ExpectedType { get; }

    /// <summary>What was found; null when the column is missing.</summary>
    public string? ActualType { get; }

    /// <summary>The partition, when the mismatch was found while reading.</summary>
    public int? PartitionIndex { get; }

    /// <summary>The row within the partition, for nulls arriving in non-nullable members.</summary>
    public long? Row { get; }
}
