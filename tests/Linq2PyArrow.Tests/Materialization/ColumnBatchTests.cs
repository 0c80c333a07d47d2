using System.Text;

namespace Linq2PyArrow.Tests.Materialization;

/// <summary>The public columnar API (ForEachBatch, AggregateBatches and their async forms) over arrow_memory.Mixed.</summary>
public sealed class ColumnBatchTests
{
    public sealed class Row
    {
        public long Id { get; set; }
    }

    private static IQueryable<object> Mixed(bool sliced, int partitions = 1) =>
        PythonSource.Open<object>("arrow_memory", "Mixed",
            new Dictionary<string, string> { ["slice"] = sliced ? "1" : "0", ["partitions"] = $"{partitions}" });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fixed_width_columns_are_spans_of_their_storage_type(bool sliced)
    {
        var batches = Mixed(sliced).AggregateBatches(0, (count, batch) =>
        {
            Assert.Equal(5, batch.RowCount);
            Assert.Equal([1, -3, 4, 5], Valid(batch, "i8", batch.Values<sbyte>("i8")));
            Assert.Equal([ulong.MaxValue, 0, 3, 4], Valid(batch, "u64", batch.Values<ulong>("u64")));
            Assert.Equal([(Half)0.5, (Half)1.5, (Half)(-2), (Half)4], Valid(batch, "f16", batch.Values<Half>("f16")));
            Assert.Equal([0.25, 2.5, 3.5, -4.5], Valid(batch, "f64", batch.Values<double>("f64")));
            Assert.Equal([19723, 0, -1, 11016], Valid(batch, "day", batch.Values<int>("day")));
            Assert.Equal([1704070923000004L, 0, -62135596800000000, 946684800000000], Valid(batch, "ts", batch.Values<long>("ts")));
            Assert.Equal([(Int128)125, -250, 0, 9999999999], Valid(batch, "amount", batch.Values<Int128>("amount")));
            return count + 1;
        });
        Assert.Equal(1, batches);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Validity_booleans_strings_and_binaries(bool sliced)
    {
        Mixed(sliced).ForEachBatch(batch =>
        {
            var validity = batch.Validity("i8");
            Assert.Equal((5, 1, true), (validity.Length, validity.NullCount, validity.HasNulls));
            var nulls = new List<bool>();
            for (var i = 0; i < 5; i++) nulls.Add(batch.IsNull("i8", i));
            Assert.Equal([false, true, false, false, false], nulls);
            Assert.False(batch.Validity("big_name").IsNull(0));
            Assert.Equal(1, batch.NullCount("flag"));

            var flags = batch.Booleans("flag");
            var names = batch.Strings("name");
            var blobs = batch.Strings("blob");
            List<bool> flagValues = [];
            List<string?> nameValues = [], bigNames = [], colors = [];
            List<byte[]> blobValues = [];
            for (var i = 0; i < 5; i++)
            {
                flagValues.Add(flags[i]);
                nameValues.Add(names.GetString(i));
                bigNames.Add(batch.GetString("big_name", i));
                colors.Add(batch.GetString("color", i));
                blobValues.Add(blobs.GetBytes(i).ToArray());
            }
            Assert.Equal([true, false, false, true, false], flagValues);
            Assert.True(flags.IsNull(2));
            Assert.Equal(["a", null, "é😀", "", "longer than twelve bytes"], nameValues);
            Assert.Equal("é😀"u8.ToArray(), names.GetBytes(2).ToArray());
            Assert.Equal(["x", "y", null, "", "東京"], bigNames);
            Assert.Equal(["red", "blue", null, "red", "red"], colors);
            Assert.Equal("blue", Encoding.UTF8.GetString(batch.GetBytes("color", 1)));
            Assert.Equal([[0], [], [], [0xff, 0xfe], "abc"u8.ToArray()], blobValues);
            Assert.True(blobs.IsNull(1));
        });
    }

    [Fact]
    public void Columns_come_in_the_requested_order_and_only_those_are_scanned()
    {
        var seen = new List<string>();
        Mixed(false).ForEachBatch(batch =>
        {
            seen.AddRange(batch.ColumnNames);
            Assert.Equal(1, batch.ColumnIndex("i8"));
            Assert.Equal("double", Linq2PyArrow.Arrow.ArrowTypeNames.Describe(batch.ColumnType("f64")));
            ArgumentException? ex = null;
            try
            {
                batch.Values<double>("u64");
            }
            catch (ArgumentException caught)
            {
                ex = caught;
            }
            Assert.NotNull(ex);
            Assert.Equal(
                "Column 'u64' is not in this batch of 'arrow_memory.Mixed'; its columns are: f64, i8. Request it in ForEachBatch/AggregateBatches " +
                "(no column list means every column of the schema, or of the query's Select). (Parameter 'column')", ex.Message);
        }, "f64", "I8");
        Assert.Equal(["f64", "i8"], seen);
    }

    [Fact]
    public void The_requested_columns_reach_read_partition_as_the_columns_hint()
    {
        var query = PythonSource.Open<Row>("scan_sources", "RecordingRows");
        TestPython.Run("import scan_sources\nscan_sources.RecordingRows.columns.clear()");
        var ids = query.AggregateBatches(0L, (sum, batch) => sum + batch.Values<long>("id").ToArray().Sum(), "id");
        Assert.Equal(Enumerable.Range(0, 20).Sum(), ids);
        Assert.Equal("[['id'], ['id']]", TestPython.Run("import scan_sources\nresult = repr(scan_sources.RecordingRows.columns)"));
    }

    [Theory]
    [InlineData("i8", "Values<Int64>", "Column 'i8' is int8, which Values<Int64> cannot read; use Values<SByte>(column).")]
    [InlineData("ts", "Values<DateTime>", "Column 'ts' is timestamp[us], which Values<DateTime> cannot read; use Values<Int64>(column).")]
    [InlineData("name", "Values<Int32>", "Column 'name' is string, which Values<Int32> cannot read; use Strings(column), GetString or GetBytes.")]
    [InlineData("color", "Values<Int16>",
        "Column 'color' is dictionary<values=string, indices=int16>, which Values<Int16> cannot read; use Strings(column), GetString or GetBytes.")]
    [InlineData("flag", "Values<Byte>", "Column 'flag' is bool, which Values<Byte> cannot read; use Booleans(column).")]
    [InlineData("f64", "Strings", "Column 'f64' is double, which Strings cannot read; use Values<Double>(column).")]
    [InlineData("i8", "Booleans", "Column 'i8' is int8, which Booleans cannot read; use Values<SByte>(column).")]
    [InlineData("tags", "Values<Int64>",
        "Column 'tags' is list<item: int64>, which Values<Int64> cannot read; the columnar API reads fixed-width, bool, string and binary columns (use rows for the others).")]
    public void Typed_access_that_does_not_fit_the_column_is_a_clear_error(string column, string access, string message)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Mixed(false).ForEachBatch(batch =>
        {
            switch (access)
            {
                case "Values<Int64>": batch.Values<long>(column); break;
                case "Values<DateTime>": batch.Values<DateTime>(column); break;
                case "Values<Int32>": batch.Values<int>(column); break;
                case "Values<Int16>": batch.Values<short>(column); break;
                case "Values<Byte>": batch.Values<byte>(column); break;
                case "Strings": batch.Strings(column); break;
                case "Booleans": batch.Booleans(column); break;
            }
        }));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Unknown_columns_and_queries_with_operators_are_rejected_before_scanning()
    {
        var ex = Assert.Throws<ArgumentException>(() => Mixed(false).ForEachBatch(_ => { }, "nope"));
        Assert.Equal(
            "Python data source 'arrow_memory.Mixed' has no column 'nope'. Its columns: i8, u64, f16, f64, flag, day, ts, amount, name, big_name, " +
            "blob, color, tags. (Parameter 'columns')", ex.Message);
        var rows = PythonSource.Open<Row>("l2pa_test_sources", "Rows");
        var notRoot = Assert.Throws<NotSupportedException>(() => rows.Where(r => r.Id > 3).Take(2).ForEachBatch(_ => { }));
        Assert.Equal(
            "ForEachBatch hands over the source's batches as they arrive: it applies Where (pushed to the source, then as each batch's Selection) " +
            "and a Select of columns, but not Take (the query: Where, Take). Do that inside the callback, or use the LINQ operators (ToList, Sum…) instead.",
            notRoot.Message);
        var notPython = Assert.Throws<ArgumentException>(() => new[] { 1 }.AsQueryable().ForEachBatch(_ => { }));
        Assert.StartsWith("ForEachBatch needs a query from PythonSource.Open; this one is a EnumerableQuery`1.", notPython.Message);
    }

    [Fact]
    public void An_empty_ColumnBatch_refuses_access()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => default(ColumnBatch).RowCount);
        Assert.Equal("This ColumnBatch is empty: batches come only from ForEachBatch and AggregateBatches callbacks.", ex.Message);
    }

    [Fact]
    public async Task Async_forms_visit_every_batch_in_partition_order()
    {
        var query = PythonSource.Open<Row>("l2pa_test_sources", "Rows",
            new Dictionary<string, string> { ["partitions"] = "3", ["rows"] = "10", ["batch"] = "4" });
        var ids = await query.AggregateBatchesAsync(new List<long>(), (list, batch) =>
        {
            list.AddRange(batch.Values<long>("id").ToArray());
            return list;
        }, ["id"]);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), ids);
        var partitions = new List<int>();
        await query.ForEachBatchAsync(batch => partitions.Add(batch.PartitionIndex));
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2], partitions);
    }

    [Fact]
    public async Task Async_form_stops_when_cancelled()
    {
        var query = PythonSource.Open<Row>("l2pa_test_sources", "SleepyRows",
            new Dictionary<string, string> { ["partitions"] = "2", ["rows"] = "100", ["batch"] = "1", ["sleep_ms"] = "50" });
        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query.ForEachBatchAsync(_ =>
        {
            if (++seen == 3) cancellation.Cancel();
        }, cancellationToken: cancellation.Token));
        Assert.Equal(3, seen);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {started.Elapsed}");
    }

    /// <summary>The values of the non-null rows.</summary>
    private static List<T> Valid<T>(ColumnBatch batch, string column, ReadOnlySpan<T> values) where T : unmanaged
    {
        var validity = batch.Validity(column);
        var result = new List<T>();
        for (var i = 0; i < values.Length; i++)
            if (validity.IsValid(i)) result.Add(values[i]);
        return result;
    }
}
