namespace Linq2PyArrow.Materialization.Readers;

/// <summary>What a reader needs only on its cold paths: naming the column and row in an error.</summary>
internal sealed class ColumnContext(string sourceName, string column, string member, string memberType, int partition, long firstRow)
{
    public SchemaMismatchException NullValue(int row) => new(
        $"Python data source '{sourceName}' returned a null in column '{column}' (partition {partition}, row {firstRow + row}), " +
        $"but {member} is a non-nullable {memberType}. Declare it nullable ({memberType}?) or filter the nulls out in the source.",
        sourceName, column, memberType, "null", partition, firstRow + row);

    /// <summary>
    /// Offsets or dictionary indices that point outside their buffers. The C Data Interface carries no buffer sizes, so
    /// only the ends are validated at import (a full scan would cost per row); readers check each value they use.
    /// </summary>
    public PythonDataSourceException Malformed(int row, string problem) => new(
        sourceName, "read_partition", $"it yielded malformed Arrow data: column '{column}' (row {firstRow + row}) {problem}.", partition);

    /// <summary>A string that names no member of the enum the member is declared as.</summary>
    public SchemaMismatchException NotAnEnumName(int row, string value, string problem)
    {
        var shown = value.Length > 100 ? value[..100] + "…" : value;
        return new SchemaMismatchException(
            $"Python data source '{sourceName}' returned '{shown}' in column '{column}' (partition {partition}, row {firstRow + row}) for {member}, " +
            $"{problem}. Names match exactly first, then ignoring case. Fix the data, add the name to the enum, or declare the member as a string.",
            sourceName, column, memberType, $"'{shown}'", partition, firstRow + row);
    }

    /// <summary>A stored value the member's type cannot hold (e.g. a timestamp beyond year 9999 for DateTime).</summary>
    public SchemaMismatchException OutOfRange(int row, object stored) => new(
        $"Python data source '{sourceName}' returned a value in column '{column}' (partition {partition}, row {firstRow + row}) " +
        $"that {member} ({memberType}) cannot represent: the stored value {stored} is outside the range of {memberType.TrimEnd('?')}. " +
        "Use a type that can hold it, or filter such values out in the source.",
        sourceName, column, memberType, $"{stored}", partition, firstRow + row);
}
