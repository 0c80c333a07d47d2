namespace Linq2PyArrow.Tests.Arrow;

/// <summary>Each kind of Arrow object read_partition may hand over (arrow_kinds.Kinds), and the ones that break the protocol.</summary>
public sealed class CapsuleKindsTests
{
    public sealed record Row(long Id, string Name);

    private static List<Row> Read(string kind) =>
        PythonSource.Open<Row>("arrow_kinds", "Kinds", new Dictionary<string, string> { ["kind"] = kind }).ToList();

    private static PythonDataSourceException Fails(string kind) =>
        Assert.Throws<PythonDataSourceException>(() => Read(kind));

    [Theory]
    [InlineData("batch")]
    [InlineData("array_only")]
    [InlineData("table")]
    [InlineData("stream_only")]
    [InlineData("legacy_batch")]
    [InlineData("legacy_stream")]
    [InlineData("mixed")]
    [InlineData("return_stream")]
    [InlineData("return_table")]
    public void Every_accepted_kind_delivers_all_rows(string kind)
    {
        var rows = Read(kind);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => new Row(i, $"n{i}")), rows);
    }

    [Fact]
    public void A_single_batch_returned_instead_of_an_iterator_is_one_batch()
    {
        Assert.Equal(Enumerable.Range(0, 3).Select(i => new Row(i, $"n{i}")), Read("return_batch"));
    }

    private const string Prefix = "Python data source 'arrow_kinds.Kinds' failed in read_partition (partition 0, spec {\"kind\":\"";

    [Theory]
    [InlineData("wrong_capsule",
        "it yielded a 'arrow_kinds.WrongCapsule' that breaks the Arrow protocol: __arrow_c_array__() returned a PyCapsule named 'arrow_schema' where 'arrow_array' is required.")]
    [InlineData("wrong_stream_capsule",
        "it yielded a 'arrow_kinds.WrongStreamCapsule' that breaks the Arrow protocol: __arrow_c_stream__() returned a PyCapsule named 'arrow_array' where 'arrow_array_stream' is required.")]
    [InlineData("not_a_capsule",
        "it yielded a 'arrow_kinds.NotACapsule' that breaks the Arrow protocol: __arrow_c_array__() returned a 'str' where a PyCapsule named 'arrow_array' is required.")]
    [InlineData("not_a_tuple",
        "it yielded a 'arrow_kinds.NotATuple' that breaks the Arrow protocol: __arrow_c_array__() returned a 'list' where a tuple (schema capsule, array capsule) is required.")]
    [InlineData("unknown_object",
        "it yielded a 'dict', which is not an Arrow record batch. Yield objects that implement __arrow_c_array__ or __arrow_c_stream__ " +
        "(Arrow PyCapsule protocol: pyarrow, polars, duckdb, nanoarrow, linq2pyarrow.arrow), or pyarrow's _export_to_c.")]
    public void Objects_that_break_the_protocol_are_named_by_their_python_type(string kind, string problem)
    {
        var ex = Fails(kind);
        Assert.Equal($"{Prefix}{kind}\"}}): {problem}", ex.Message);
        Assert.Equal("read_partition", ex.Operation);
        Assert.Equal(0, ex.PartitionIndex);
        Assert.Null(ex.PythonType);
    }

    [Fact]
    public void A_stream_that_fails_reports_the_producers_error_and_traceback()
    {
        var ex = Fails("stream_error");
        Assert.StartsWith(
            $"{Prefix}stream_error\"}}): the Arrow stream of a 'linq2pyarrow.arrow.table.RecordBatchReader' failed: " +
            "get_next returned error 5 (EIO): ValueError: the source's iterator broke", ex.Message);
        Assert.Contains("Traceback (most recent call last):", ex.Message);
        Assert.Contains("in failing", ex.Message);
    }
}
