namespace Linq2PyArrow.Tests.Arrow;

/// <summary>Every batch is checked against the declared schema by column name (scan_sources.Shapes: partition 1 deviates).</summary>
public sealed class SchemaValidationTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
        public double? Score { get; set; }
    }

    private static IQueryable<Row> Shape(string shape) =>
        PythonSource.Open<Row>("scan_sources", "Shapes", new Dictionary<string, string> { ["shape"] = shape });

    [Theory]
    [InlineData("reordered")]
    [InlineData("extra")]
    [InlineData("large_string")]
    public void Column_order_extra_columns_and_physical_variants_are_accepted(string shape)
    {
        var rows = Shape(shape).ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"name-{i}"), rows.Select(r => r.Name));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (double?)(i * 0.5)), rows.Select(r => r.Score));
    }

    [Fact]
    public void A_missing_column_names_source_partition_column_and_types()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => Shape("missing").ToList());
        Assert.Equal(
            "Python data source 'scan_sources.Shapes' yielded a batch that does not match its schema in read_partition (partition 1, spec {\"index\":1}): " +
            "column 'score' (double) is missing. The batch has: id (int64), name (string), ts (timestamp[us]), flag (bool). " +
            "Fix read_partition to yield batches with the declared columns and types, or change infer_schema.", ex.Message);
        Assert.Equal(("scan_sources.Shapes", "score", "double", (string?)null, (int?)1), (ex.SourceName, ex.Column, ex.ExpectedType, ex.ActualType, ex.PartitionIndex));
    }

    [Theory]
    [InlineData("mistyped", "score", "string", "double")]
    [InlineData("int32", "id", "int32", "int64")]
    public void A_mistyped_column_names_source_partition_column_and_both_types(string shape, string column, string actual, string expected)
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => Shape(shape).ToList());
        Assert.Equal(
            "Python data source 'scan_sources.Shapes' yielded a batch that does not match its schema in read_partition (partition 1, spec {\"index\":1}): " +
            $"column '{column}' is {actual} but infer_schema declared {expected}. " +
            "Fix read_partition to yield batches with the declared columns and types, or change infer_schema.", ex.Message);
        Assert.Equal(("scan_sources.Shapes", column, expected, actual, (int?)1), (ex.SourceName, ex.Column, ex.ExpectedType, ex.ActualType, ex.PartitionIndex));
    }

    [Fact]
    public void A_declared_column_the_query_does_not_need_is_still_checked_when_present()
    {
        var query = PythonSource.Open<Row>("scan_sources", "Shapes", new Dictionary<string, string> { ["shape"] = "mistyped" });
        var ex = Assert.Throws<SchemaMismatchException>(() => query.ForEachBatch(_ => { }, "id"));
        Assert.Equal("score", ex.Column);
    }
}
