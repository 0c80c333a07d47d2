namespace Linq2PyArrow.Materialization.Readers;

/// <summary>What a reader needs only on its cold path: naming the column and row in a null-value error.</summary>
internal sealed class ColumnContext(string sourceName, string column, string member, string memberType, int partition, long firstRow)
{
    public SchemaMismatchException NullValue(int row) => new(
        $"Python data source '{sourceName}' returned a null in column '{column}' (partition {partition}, row {firstRow + row}), " +
        $"but {member} is a non-nullable {memberType}. Declare it nullable ({memberType}?) or filter the nulls out in the source.",
        sourceName, column, memberType, "null", partition, firstRow + row);
}
