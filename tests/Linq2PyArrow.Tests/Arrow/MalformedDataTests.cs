namespace Linq2PyArrow.Tests.Arrow;

/// <summary>
/// Broken C structs built by hand in Python (arrow_malformed) are rejected with clear errors instead of crashing the
/// process, and are still released exactly once.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class MalformedDataTests
{
    public sealed record Row(long V, string S, long[] L, string D);

    private const string Import = "it yielded a 'arrow_malformed.Batch' that breaks the Arrow protocol: malformed Arrow data: ";

    private static List<Row> Read(string name) =>
        PythonSource.Open<Row>("arrow_malformed", "Malformed", new Dictionary<string, string> { ["case"] = name }).ToList();

    private static (long Exported, long Released) Counts()
    {
        var counts = (IReadOnlyDictionary<string, object?>)TestPython.Run("import arrow_malformed\nresult = arrow_malformed.counts()")!;
        return (Convert.ToInt64(counts["exported"]), Convert.ToInt64(counts["released"]));
    }

    [Fact]
    public void The_hand_built_structs_are_valid_until_broken()
    {
        var before = Counts();
        Assert.Equal([new Row(1, "a", [10, 11], "red"), new Row(2, "bb", [], "ok"), new Row(3, "", [12, 13], "red")],
            Read("valid"), new RowComparer());
        var after = Counts();
        Assert.Equal((before.Exported + 1, before.Released + 1), after);
    }

    [Theory]
    [InlineData("negative_batch_length", Import + "the record batch has a negative length (-1).")]
    [InlineData("batch_offset", Import + "the record batch has offset 1; a sliced struct array cannot be imported as a batch (export the slice's columns instead).")]
    [InlineData("column_count", Import + "the record batch has 3 columns but its schema declares 4.")]
    [InlineData("null_child", Import + "column 's' is a NULL child array.")]
    [InlineData("null_children_pointer", Import + "the record batch has a NULL children pointer.")]
    [InlineData("short_column", Import + "column 'v' has 2 values but the batch has 3 rows.")]
    [InlineData("negative_length", Import + "column 'v' has a negative length (-5).")]
    [InlineData("negative_offset", Import + "column 'v' has a negative offset (-1).")]
    [InlineData("null_count_too_big", Import + "column 'v' has null_count 4 for length 3.")]
    [InlineData("buffer_count", Import + "column 'v' of type int64 has 1 buffers; 2 expected.")]
    [InlineData("null_buffers_pointer", Import + "column 'v' has a NULL buffers pointer.")]
    [InlineData("null_data_buffer", Import + "column 'v' has a NULL data buffer 1 for 3 values.")]
    [InlineData("nulls_without_bitmap", Import + "column 'v' declares 1 nulls but has no validity bitmap.")]
    [InlineData("negative_first_offset", Import + "column 's' has invalid offsets (first -1, last 3).")]
    [InlineData("offsets_run_backwards", Import + "column 's' has invalid offsets (first 3, last 0).")]
    [InlineData("list_offsets_beyond_child", Import + "column 'l' has offsets up to 9 but its child has 4 values.")]
    [InlineData("list_child_children", Import + "column 'l' of type list<item: int64> has 0 children; 1 expected.")]
    [InlineData("missing_dictionary", Import + "column 'd' is dictionary-encoded but has no dictionary array.")]
    [InlineData("strings_without_data", Import + "column 's' has offsets up to 3 but a NULL data buffer.")]
    public void Broken_structures_are_rejected_at_import_and_released_once(string name, string problem)
    {
        var before = Counts();
        var ex = Assert.Throws<PythonDataSourceException>(() => Read(name));
        Assert.Equal($"Python data source 'arrow_malformed.Malformed' failed in read_partition (partition 0, spec {{\"case\":\"{name}\"}}): {problem}", ex.Message);
        Assert.Equal(("read_partition", 0), (ex.Operation, ex.PartitionIndex));
        Assert.Equal((before.Exported + 1, before.Released + 1), Counts());
    }

    [Fact]
    public void Empty_strings_may_come_without_a_data_buffer()
    {
        Assert.Equal(["", "", ""], Read("empty_strings_without_data").Select(r => r.S));
    }

    [Theory]
    [InlineData("string_middle_offset", "column 's' (row 0) has offsets 0..9 outside its 3-byte data buffer.")]
    [InlineData("list_middle_offset", "column 'l' (row 0) has a list at values 0..7 outside its 4 child values.")]
    [InlineData("dictionary_index_out_of_range", "column 'd' (row 1) has dictionary index 5 but its dictionary has 2 values.")]
    public void Offsets_and_indices_inside_a_column_are_checked_where_they_are_read(string name, string problem)
    {
        // Only the ends of offset buffers are checked at import (checking every value would cost per row); readers check
        // each value they use, so a wrong one in the middle is an error, not a read outside the buffer.
        var before = Counts();
        var ex = Assert.Throws<PythonDataSourceException>(() => Read(name));
        Assert.Equal($"Python data source 'arrow_malformed.Malformed' failed in read_partition (partition 0): it yielded malformed Arrow data: {problem}", ex.Message);
        Assert.Equal((before.Exported + 1, before.Released + 1), Counts());
    }

    [Theory]
    [InlineData("string_middle_offset", "s", "column 's' (row 0) has offsets 0..9 outside its 3-byte data buffer.")]
    [InlineData("dictionary_index_out_of_range", "d", "column 'd' (row 1) has dictionary index 5 but its dictionary has 2 values.")]
    public void The_columnar_api_checks_them_too(string name, string column, string problem)
    {
        var query = PythonSource.Open<Row>("arrow_malformed", "Malformed", new Dictionary<string, string> { ["case"] = name });
        var ex = Assert.Throws<PythonDataSourceException>(() => query.ForEachBatch(batch =>
        {
            var strings = batch.Strings(column);
            for (var i = 0; i < strings.Length; i++) strings.GetBytes(i);
        }));
        Assert.Equal($"Python data source 'arrow_malformed.Malformed' failed in read_partition (partition 0): it yielded malformed Arrow data: {problem}", ex.Message);
    }

    [Fact]
    public void A_string_view_pointing_outside_its_data_buffer_is_an_error()
    {
        var ex = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<TypeMappingTests.Row<string?>>("arrow_types", "TypeMatrix",
            new Dictionary<string, string> { ["type"] = "string_view with a bad view" }).ToList());
        Assert.Equal(
            "Python data source 'arrow_types.TypeMatrix' failed in read_partition (partition 0): it yielded malformed Arrow data: column 'v' (row 6) " +
            "has a view of 24 bytes at offset 1000 of data buffer 0, outside the buffers it has.", ex.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public void A_format_no_importer_knows_is_named_with_its_column(string nested)
    {
        var ex = Assert.Throws<PythonDataSourceException>(() =>
            PythonSource.Open<Row>("arrow_malformed", "UnsupportedFormat", new Dictionary<string, string> { ["nested"] = nested }));
        Assert.Equal(
            "Python data source 'arrow_malformed.UnsupportedFormat' failed in infer_schema: it returned a 'linq2pyarrow.arrow.schema.Schema', " +
            "which is not a usable Arrow schema: its schema cannot be imported: column 'odd' has an Arrow type with format 'ZZ', which is not " +
            "supported (Data type is not yet supported in import.). Return pyarrow.schema([...]) or linq2pyarrow.arrow.schema([...]) " +
            "(any object with __arrow_c_schema__ describing a struct of columns).", ex.Message);
    }

    private sealed class RowComparer : IEqualityComparer<Row>
    {
        public bool Equals(Row? x, Row? y) => x!.V == y!.V && x.S == y.S && x.L.SequenceEqual(y.L) && x.D == y.D;
        public int GetHashCode(Row obj) => obj.V.GetHashCode();
    }
}
