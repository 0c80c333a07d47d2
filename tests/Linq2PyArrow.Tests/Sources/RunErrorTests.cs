namespace Linq2PyArrow.Tests.Sources;

/// <summary>Problems found while a query runs: bad plans, bad read_partition results, Python exceptions, nulls.</summary>
public sealed class RunErrorTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
    }

    public sealed class Strict
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
    }

    private static List<Row> Read(string cls, Dictionary<string, string>? options = null) =>
        PythonSource.Open<Row>("scan_sources", cls, options).ToList();

    private const string PlanFix = " Fix plan_partitions to return e.g. [{\"page\": 1}, {\"page\": 2}].";

    [Theory]
    [InlineData("dict", "it returned a 'dict'; it must return a list of dicts with JSON-like values.")]
    [InlineData("items", "item 1 of the returned list is a 'int'; every partition spec must be a dict.")]
    [InlineData("json", "item 1['when'] is a '_thread.lock', which is not JSON-like (str, int, float, bool, None, list or dict).")]
    [InlineData("nan", "item 0['ratio'] is nan, which JSON cannot represent.")]
    public void Bad_plans_are_reported_when_the_query_runs(string plan, string problem)
    {
        var query = PythonSource.Open<Row>("scan_sources", "BadPlans", new Dictionary<string, string> { ["plan"] = plan }); // Open succeeds
        var ex = Assert.Throws<PythonDataSourceException>(() => query.ToList());
        Assert.Equal($"Python data source 'scan_sources.BadPlans' failed in plan_partitions: {problem}{PlanFix}", ex.Message);
        Assert.Equal(("plan_partitions", (int?)null), (ex.Operation, ex.PartitionIndex));
    }

    [Fact]
    public void An_empty_plan_and_empty_partitions_mean_zero_rows()
    {
        Assert.Empty(Read("BadPlans", new Dictionary<string, string> { ["plan"] = "empty" }));
        Assert.Empty(Read("Empty"));
        Assert.Empty(Read("EmptyPartitions"));
        Assert.Equal(2, Read("BadPlans", new Dictionary<string, string> { ["plan"] = "tuple", ["rows"] = "1" }).Count);
    }

    [Theory]
    [InlineData("none", "it returned a 'NoneType', which is not iterable. read_partition must return an iterator of Arrow record batches " +
                        "(a generator that yields them works) or an object with __arrow_c_stream__.")]
    [InlineData("int", "it returned a 'int', which is not iterable. read_partition must return an iterator of Arrow record batches " +
                       "(a generator that yields them works) or an object with __arrow_c_stream__.")]
    [InlineData("yield_int", "it yielded a 'int', which is not an Arrow record batch." + YieldFix)]
    [InlineData("yield_none", "it yielded a 'NoneType', which is not an Arrow record batch." + YieldFix)]
    [InlineData("batch_then_str", "it yielded a 'str', which is not an Arrow record batch." + YieldFix)]
    public void Read_partition_results_that_are_not_arrow_name_partition_and_python_type(string read, string problem)
    {
        var ex = Assert.Throws<PythonDataSourceException>(() => Read("BadReads", new Dictionary<string, string> { ["read"] = read, ["partitions"] = "1" }));
        Assert.Equal($"Python data source 'scan_sources.BadReads' failed in read_partition (partition 0, spec {{\"index\":0}}): {problem}", ex.Message);
        Assert.Equal(("read_partition", (int?)0, "{\"index\":0}"), (ex.Operation, ex.PartitionIndex, ex.PartitionSpec));
    }

    private const string YieldFix = " Yield objects that implement __arrow_c_array__ or __arrow_c_stream__ (Arrow PyCapsule protocol: pyarrow, polars, " +
                                    "duckdb, nanoarrow, linq2pyarrow.arrow), or pyarrow's _export_to_c.";

    private static readonly Dictionary<string, string> Secrets = new() { ["password"] = "hunter2", ["sleep_ms"] = "50" };

    [Theory]
    [InlineData("infer_schema", "cannot connect with password ***")]
    [InlineData("plan_partitions", "cannot list tables with password ***")]
    public void A_python_exception_in_open_or_plan_is_a_PythonDataSourceException(string method, string message)
    {
        var options = new Dictionary<string, string>(Secrets) { ["fail"] = method };
        var ex = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Row>("scan_sources", "Raising", options).ToList());
        Assert.Equal(("scan_sources.Raising", method, (int?)null, (string?)null), (ex.SourceName, ex.Operation, ex.PartitionIndex, ex.PartitionSpec));
        Assert.Equal(("ValueError", message), (ex.PythonType, ex.PythonMessage));
        Assert.Contains($"in {method}", ex.PythonTraceback);
        Assert.Contains("scan_sources.py", ex.PythonTraceback);
        Assert.Equal($"Python data source 'scan_sources.Raising' failed in {method}: ValueError: {message}{Environment.NewLine}{ex.PythonTraceback}",
            ex.Message);
        Assert.DoesNotContain("hunter2", ex.ToString());
    }

    [Fact]
    public void A_python_exception_in_read_partition_names_the_partition_masks_secrets_and_cancels_the_others()
    {
        TestPython.Run("import scan_sources\nscan_sources.Raising.finished.clear()");
        var options = new Dictionary<string, string>(Secrets) { ["fail"] = "read_partition" };
        var query = PythonSource.Open<Row>("scan_sources", "Raising", options);
        var ex = Assert.Throws<PythonDataSourceException>(() => query.ToList());
        const string spec = "{\"index\":2,\"token\":\"***\",\"url\":\"postgres://app:***@db/x\"}";
        Assert.Equal(("scan_sources.Raising", "read_partition", (int?)2, spec), (ex.SourceName, ex.Operation, ex.PartitionIndex, ex.PartitionSpec));
        Assert.Equal(("ValueError", "row 2 of postgres://app:***@db/x is corrupt (token ***)"), (ex.PythonType, ex.PythonMessage));
        Assert.Equal(
            $"Python data source 'scan_sources.Raising' failed in read_partition (partition 2, spec {spec}): ValueError: {ex.PythonMessage}" +
            $"{Environment.NewLine}{ex.PythonTraceback}", ex.Message);
        Assert.Contains("in read_partition", ex.PythonTraceback);
        foreach (var secret in new[] { "hunter2", "secret-token-", ":pw2@" }) Assert.DoesNotContain(secret, ex.ToString());

        // The other partitions were stopped (their generators closed) before the exception reached us.
        var finished = (IReadOnlyList<object?>)TestPython.Run("import scan_sources\nresult = sorted(scan_sources.Raising.finished)")!;
        Assert.Equal([0L, 1L, 2L, 3L], finished.Select(Convert.ToInt64));
        // And the library still works, for this source too.
        Assert.Equal(8, PythonSource.Open<Row>("scan_sources", "Raising", Secrets).Take(8).ToList().Count);
    }

    [Fact]
    public void A_null_in_a_non_nullable_member_names_the_column_and_row()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<Strict>("scan_sources", "LateNull").ToList());
        Assert.Equal(
            "Python data source 'scan_sources.LateNull' returned a null in column 'name' (partition 1, row 6), but Strict.Name is a " +
            "non-nullable String. Declare it nullable (String?) or filter the nulls out in the source.", ex.Message);
        Assert.Equal(("scan_sources.LateNull", "name", (int?)1, (long?)6, "String", "null"),
            (ex.SourceName, ex.Column, ex.PartitionIndex, ex.Row, ex.ExpectedType, ex.ActualType));
        Assert.Equal(23, PythonSource.Open<Row>("scan_sources", "LateNull").Count(r => r.Name != null));
    }
}
