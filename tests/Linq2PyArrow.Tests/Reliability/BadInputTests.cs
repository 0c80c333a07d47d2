using System.Collections;

namespace Linq2PyArrow.Tests.Reliability;

/// <summary>
/// Bad input not already covered elsewhere, each with its exact message. Already covered (not repeated here):
/// missing module/class/method, wrong arity, non-callable, infer_schema returning a dict or field
/// (Sources/OpenErrorTests); plan_partitions returning a dict, non-dict items, non-JSON values, NaN and
/// read_partition returning None/int or yielding non-Arrow objects (Sources/RunErrorTests); batches with
/// missing, extra or mistyped columns (Arrow/SchemaValidationTests); malformed Arrow structures: lengths,
/// offsets, buffer counts, child counts, dictionary indices, string views (Arrow/MalformedDataTests).
/// </summary>
public sealed class BadInputTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
    }

    private const string Plan = "Python data source 'rel_bad_input.MorePlans' failed in plan_partitions: ";
    private const string PlanFix = " Fix plan_partitions to return e.g. [{\"page\": 1}, {\"page\": 2}].";
    private const string Read = "PythonDataSourceException: Python data source 'rel_bad_input.MoreReads' failed in read_partition (partition 0, spec {\"index\":0}): ";
    private const string YieldFix = " Yield objects that implement __arrow_c_array__ or __arrow_c_stream__ (Arrow PyCapsule protocol: pyarrow, polars, duckdb, nanoarrow, linq2pyarrow.arrow), or pyarrow's _export_to_c.";

    private const string Protocol = "See linq2pyarrow.protocol.Source for the three methods and their arguments.";

    [Theory]
    [InlineData("PlanWithoutOptions", "plan_partitions() does not fit the protocol, which calls it as plan_partitions(options, *, filters=...)")]
    [InlineData("RequiredKeywordOnly", "read_partition(partition_spec, options, *, columns=None, session) does not fit the protocol, which calls it as read_partition(partition_spec, options, *, columns=..., filters=..., limit=...)")]
    public void More_protocol_signature_mistakes(string cls, string problem)
    {
        var ex = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Row>("rel_bad_input", cls));
        Assert.Equal(
            $"Python data source 'rel_bad_input.{cls}' failed in open: class '{cls}' does not implement the data source protocol: {problem}. {Protocol}",
            ex.Message);
    }

    [Theory]
    [InlineData("SchemaIsNone", "Python data source 'rel_bad_input.SchemaIsNone' failed in infer_schema: it returned a 'NoneType', which is not a usable Arrow schema: it implements neither __arrow_c_schema__ (Arrow PyCapsule protocol) nor pyarrow's _export_to_c. Return pyarrow.schema([...]) or linq2pyarrow.arrow.schema([...]) (any object with __arrow_c_schema__ describing a struct of columns).")]
    public void More_infer_schema_results_that_are_not_schemas(string cls, string message)
    {
        var ex = Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Row>("rel_bad_input", cls));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("none", Plan + "it returned a 'NoneType'; it must return a list of dicts with JSON-like values." + PlanFix)]
    [InlineData("generator", Plan + "it returned a 'generator'; it must return a list of dicts with JSON-like values." + PlanFix)]
    [InlineData("int_key", Plan + "item 0 has a key of type 'int'; keys must be str." + PlanFix)]
    [InlineData("set", Plan + "item 0['ids'] is a 'set', which is not JSON-like (str, int, float, bool, None, list or dict)." + PlanFix)]
    [InlineData("bytes", Plan + "item 0['raw'] is a 'bytes', which is not JSON-like (str, int, float, bool, None, list or dict)." + PlanFix)]
    [InlineData("deep", Plan + "item 0['nested']['list'][3]['x'] is a 'object', which is not JSON-like (str, int, float, bool, None, list or dict)." + PlanFix)]
    public void More_bad_plans(string plan, string message)
    {
        var query = PythonSource.Open<Row>("rel_bad_input", "MorePlans", Rel.Options(("plan", plan)));
        var ex = Assert.Throws<PythonDataSourceException>(() => query.ToList());
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("str", Read + "it yielded a 'str', which is not an Arrow record batch." + YieldFix)]
    [InlineData("dict", Read + "it yielded a 'str', which is not an Arrow record batch." + YieldFix)]
    [InlineData("schema", Read + "it yielded a 'linq2pyarrow.arrow.schema.Schema', which is not an Arrow record batch." + YieldFix)]
    [InlineData("stop", Read + "RuntimeError: generator raised StopIteration" + "\n" + "*")]
    public void More_bad_read_partition_results(string read, string message)
    {
        var query = PythonSource.Open<Row>("rel_bad_input", "MoreReads", Rel.Options(("read", read)));
        var ex = Assert.ThrowsAny<Exception>(() => query.ToList());
        var text = ex.GetType().Name + ": " + ex.Message;
        if (message.EndsWith('*')) Assert.StartsWith(message[..^1], text); // then the Python traceback
        else Assert.Equal(message, text);
    }

    /// <summary>A dictionary that yields a null key or value, which Dictionary itself cannot hold (callers without nullable annotations).</summary>
    private sealed class NullOptions(string? key, string? value) : IReadOnlyDictionary<string, string>
    {
        private readonly KeyValuePair<string, string>[] _entries =
            [new("rows", "3"), new("python_module", "l2pa_test_sources"), new("python_class", "Rows"), new(key!, value!)];

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_entries).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public int Count => _entries.Length;
        public bool ContainsKey(string k) => _entries.Any(e => e.Key == k);
        public bool TryGetValue(string k, out string v)
        {
            var found = _entries.FirstOrDefault(e => e.Key == k);
            v = found.Value;
            return found.Key is not null;
        }
        public string this[string k] => TryGetValue(k, out var v) ? v : throw new KeyNotFoundException(k);
        public IEnumerable<string> Keys => _entries.Select(e => e.Key);
        public IEnumerable<string> Values => _entries.Select(e => e.Value);
    }

    [Theory]
    [InlineData(null, "x", "An option key is null; option keys and values must be non-null strings. (Parameter 'options')")]
    [InlineData("password", null, "The value of option 'password' is null; option values must be strings (use \"\" for empty). (Parameter 'options')")]
    public void Options_with_a_null_key_or_value_are_rejected_on_every_entry_point(string? key, string? value, string message)
    {
        var options = new NullOptions(key, value);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => PythonSource.Open<Row>("l2pa_test_sources", "Rows", options)).Message);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => PythonSource.GetSchema("l2pa_test_sources", "Rows", options)).Message);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => PythonSource.Open<Row>(options)).Message);
    }

    public sealed class WithGuid { public Guid Id { get; set; } }
    public sealed class WithUri { public Uri? Name { get; set; } }
    public sealed class WithObject { public object? Name { get; set; } }
    public sealed class WithList { public List<long>? Id { get; set; } }
    public sealed class WithRow { public Row? Name { get; set; } }

    [Fact]
    public void Row_types_with_unsupported_property_types_name_both_sides()
    {
        Assert.Equal("Row type 'Linq2PyArrow.Tests.Reliability.BadInputTests.WithGuid' does not match Python data source 'l2pa_test_sources.Rows': WithGuid.Id is Guid but column 'id' is int64, which cannot be read as that type. See the type mapping table in the README.", Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<WithGuid>("l2pa_test_sources", "Rows")).Message);
        Assert.Equal("Row type 'Linq2PyArrow.Tests.Reliability.BadInputTests.WithUri' does not match Python data source 'l2pa_test_sources.Rows': WithUri.Name is Uri but column 'name' is string, which cannot be read as that type. See the type mapping table in the README.", Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<WithUri>("l2pa_test_sources", "Rows")).Message);
        Assert.Equal("Row type 'Linq2PyArrow.Tests.Reliability.BadInputTests.WithObject' does not match Python data source 'l2pa_test_sources.Rows': WithObject.Name is Object but column 'name' is string, which cannot be read as that type. See the type mapping table in the README.", Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<WithObject>("l2pa_test_sources", "Rows")).Message);
        Assert.Equal("Row type 'Linq2PyArrow.Tests.Reliability.BadInputTests.WithList' does not match Python data source 'l2pa_test_sources.Rows': WithList.Id is List<Int64> but column 'id' is int64, which cannot be read as that type. See the type mapping table in the README.", Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<WithList>("l2pa_test_sources", "Rows")).Message);
        Assert.Equal("Row type 'Linq2PyArrow.Tests.Reliability.BadInputTests.WithRow' does not match Python data source 'l2pa_test_sources.Rows': WithRow.Name is Row but column 'name' is string, which cannot be read as that type. See the type mapping table in the README.", Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<WithRow>("l2pa_test_sources", "Rows")).Message);
    }
}
