namespace Linq2PyArrow.Tests.Arrow;

/// <summary>
/// The README's type mapping table, end to end: arrow_types.TypeMatrix (linq2pyarrow.arrow) yields each type with
/// nulls, whole and as slices with non-zero offsets, in two batches; rows must carry exactly the Python values.
/// </summary>
public sealed class TypeMappingTests
{
    public sealed class Row<T>
    {
        public long I { get; set; }
        public T V { get; set; } = default!;
    }

    public sealed class Point
    {
        public long? X { get; set; }
        public string? Y { get; set; }
    }

    private static readonly string?[] Strings = ["a", null, "", "é😀", "twelve bytes", null, "longer than twelve bytes", "x", "Zürich", "東京"];

    private static readonly byte[]?[] Binaries =
        [[0, 1], null, [], Enumerable.Repeat((byte)0xff, 13).ToArray(), "abc"u8.ToArray(), null,
         Enumerable.Range(0, 20).Select(i => (byte)i).ToArray(), "x"u8.ToArray(), [0], "end"u8.ToArray()];

    private static readonly DateOnly?[] Dates =
        [new(2024, 2, 29), null, new(1969, 12, 31), DateOnly.MinValue, new(9999, 12, 31), null, new(1970, 1, 1), new(2000, 1, 1), new(1900, 3, 1), new(2038, 1, 19)];

    private static readonly DateTime?[] Stamps =
        [new(2024, 2, 29, 12, 34, 56), null, new(1969, 12, 31, 23, 59, 59), DateTime.MinValue, new(9999, 12, 31, 23, 59, 59), null,
         DateTime.UnixEpoch, new(2000, 1, 1, 0, 0, 1), new(1900, 3, 1, 6, 0, 0), new(2038, 1, 19, 3, 14, 7)];

    private static readonly DateTime?[] StampsFromMillis =
        [new DateTime(2024, 2, 29, 12, 34, 56, 789), null, new DateTime(1969, 12, 31, 23, 59, 59, 999), DateTime.UnixEpoch,
         DateTime.UnixEpoch.AddMilliseconds(1), null, new DateTime(1969, 12, 30, 23, 59, 59, 999), DateTime.UnixEpoch.AddMilliseconds(999),
         new DateTime(1969, 12, 31, 23, 59, 59, 1), new DateTime(9999, 12, 31, 23, 59, 59, 999)];

    // Nanoseconds become 100-ns ticks rounded toward negative infinity, so instants keep their order.
    private static readonly DateTime?[] StampsFromNanos =
        [new DateTime(2024, 2, 29, 12, 34, 56, 789, 123).AddTicks(4), null, new DateTime(1969, 12, 31, 23, 59, 59, 999, 999).AddTicks(9),
         DateTime.UnixEpoch, DateTime.UnixEpoch, null, DateTime.UnixEpoch.AddTicks(-17_092_100_967_891_235),
         DateTime.UnixEpoch.AddTicks(9), DateTime.UnixEpoch.AddTicks(-10), DateTime.UnixEpoch.AddDays(1)];

    private static Dictionary<string, string> Options(string type, bool sliced, bool nulls = true) =>
        new() { ["type"] = type, ["slice"] = sliced ? "1" : "0", ["nulls"] = nulls ? "1" : "0" };

    /// <summary>Reads the column as <typeparamref name="T"/>, whole and sliced, and compares with the expected values.</summary>
    private static void AssertReads<T>(string type, IReadOnlyList<T> expected, Func<T, object?>? normalize = null)
    {
        normalize ??= v => v;
        foreach (var sliced in new[] { false, true })
        {
            var rows = PythonSource.Open<Row<T>>("arrow_types", "TypeMatrix", Options(type, sliced)).ToList();
            Assert.Equal(Enumerable.Range(0, expected.Count).Select(i => (long)i), rows.Select(r => r.I));
            Assert.Equal(expected.Select(normalize), rows.Select(r => normalize(r.V)));
        }
    }

    /// <summary>The same column without its null rows, read into a non-nullable member.</summary>
    private static void AssertReadsWithoutNulls<T>(string type, IReadOnlyList<T?> expected) where T : struct
    {
        var values = expected.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        foreach (var sliced in new[] { false, true })
        {
            var rows = PythonSource.Open<Row<T>>("arrow_types", "TypeMatrix", Options(type, sliced, nulls: false)).ToList();
            Assert.Equal(values, rows.Select(r => r.V));
        }
    }

    [Fact]
    public void Signed_integers()
    {
        AssertReads<sbyte?>("int8", [1, null, -128, 127, 0, null, 5, -1, 42, 7]);
        AssertReads<short?>("int16", [1, null, -32768, 32767, 0, null, 5, -1, 42, 7]);
        AssertReads<int?>("int32", [1, null, int.MinValue, int.MaxValue, 0, null, 5, -1, 42, 7]);
        AssertReads<long?>("int64", [1, null, long.MinValue, long.MaxValue, 0, null, 5, -1, 42, 7]);
        AssertReadsWithoutNulls<long>("int64", [1, null, long.MinValue, long.MaxValue, 0, null, 5, -1, 42, 7]);
        AssertReadsWithoutNulls<sbyte>("int8", [1, null, -128, 127, 0, null, 5, -1, 42, 7]);
    }

    [Fact]
    public void Unsigned_integers()
    {
        AssertReads<byte?>("uint8", [1, null, 0, 255, 128, null, 5, 254, 42, 7]);
        AssertReads<ushort?>("uint16", [1, null, 0, 65535, 32768, null, 5, 65534, 42, 7]);
        AssertReads<uint?>("uint32", [1, null, 0, uint.MaxValue, 2147483648, null, 5, uint.MaxValue - 1, 42, 7]);
        AssertReads<ulong?>("uint64", [1, null, 0, ulong.MaxValue, 9223372036854775808, null, 5, ulong.MaxValue - 1, 42, 7]);
        AssertReadsWithoutNulls<ulong>("uint64", [1, null, 0, ulong.MaxValue, 9223372036854775808, null, 5, ulong.MaxValue - 1, 42, 7]);
    }

    [Fact]
    public void Integers_widen_losslessly()
    {
        AssertReads<long?>("int8", [1, null, -128, 127, 0, null, 5, -1, 42, 7]);
        AssertReads<long?>("uint32", [1, null, 0, uint.MaxValue, 2147483648, null, 5, uint.MaxValue - 1, 42, 7]);
        AssertReads<double?>("int32", [1, null, int.MinValue, int.MaxValue, 0, null, 5, -1, 42, 7]);
    }

    [Fact]
    public void Floats()
    {
        AssertReads<Half?>("float16", [(Half)1.5, null, (Half)(-2.25), Half.MaxValue, (Half)0, null, (Half)0.125, (Half)(-1), (Half)42, (Half)7]);
        AssertReads<float?>("float32", [1.5f, null, -2.25f, float.MaxValue, 0f, null, 0.125f, -1f, (float)Math.Pow(2, -100), 7f]);
        AssertReads<double?>("float64", [1.5, null, -2.25, double.MaxValue, 0, null, 0.1, -1, double.Epsilon, 7]);
        AssertReads<double?>("float32", [1.5, null, -2.25, float.MaxValue, 0, null, 0.125, -1, Math.Pow(2, -100), 7]);
        AssertReadsWithoutNulls<double>("float64", [1.5, null, -2.25, double.MaxValue, 0, null, 0.1, -1, double.Epsilon, 7]);
        AssertReadsWithoutNulls<Half>("float16", [(Half)1.5, null, (Half)(-2.25), Half.MaxValue, (Half)0, null, (Half)0.125, (Half)(-1), (Half)42, (Half)7]);
    }

    [Fact]
    public void Booleans()
    {
        bool?[] expected = [true, null, false, true, true, null, false, false, true, false];
        AssertReads("bool", expected);
        AssertReadsWithoutNulls<bool>("bool", expected);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("large_string")]
    [InlineData("string_view")]
    [InlineData("dictionary<int32, string>")]
    public void Strings_of_every_layout(string type)
    {
        if (type.StartsWith("dictionary", StringComparison.Ordinal))
        {
            AssertReads<string?>(type, ["red", null, "green", "red", "blue", null, "green", "red", "red", "blue"]);
            AssertReads<string?>("dictionary<int8, string>", ["red", null, "green", "red", "blue", null, "green", "red", "red", "blue"]);
            return;
        }
        AssertReads(type, Strings);
    }

    [Theory]
    [InlineData("binary")]
    [InlineData("large_binary")]
    [InlineData("binary_view")]
    public void Binaries_as_byte_arrays_and_memory(string type)
    {
        AssertReads(type, Binaries);
        AssertReads<ReadOnlyMemory<byte>?>(type, Binaries.Select(b => b is null ? (ReadOnlyMemory<byte>?)null : b).ToArray(), v => v?.ToArray());
    }

    [Fact]
    public void Dates_as_DateOnly_and_DateTime()
    {
        AssertReads("date32", Dates);
        AssertReads("date64", Dates);
        var asDateTime = Dates.Select(d => d?.ToDateTime(TimeOnly.MinValue)).ToArray();
        AssertReads("date32", asDateTime);
        AssertReads("date64", asDateTime);
        AssertReadsWithoutNulls<DateOnly>("date32", Dates);
    }

    [Fact]
    public void Times_as_TimeOnly()
    {
        AssertReads<TimeOnly?>("time32[s]", [new(0, 0), null, new(23, 59, 59), new(12, 34, 56), new(0, 0, 1), null, new(12, 0), new(1, 0), new(0, 1), new(0, 0, 59)]);
        AssertReads<TimeOnly?>("time32[ms]",
            [new(0, 0), null, new(23, 59, 59, 999), new(12, 34, 56, 789), new(0, 0, 0, 1), null, new(12, 0), new(1, 0), new(0, 1), new(0, 0, 0, 999)]);
        AssertReads<TimeOnly?>("time64[us]",
            [new(0, 0), null, new(23, 59, 59, 999, 999), new(12, 34, 56, 789, 123), new(0, 0, 0, 0, 1), null, new(12, 0), new(1, 0), new(0, 1), new(0, 0, 59)]);
        AssertReads<TimeOnly?>("time64[ns]",
            [new(0), null, new(863_999_999_999), new(452_967_891_234), new(0), null, new(432_000_000_000), new(0), new(1), new(123)]);
        AssertReadsWithoutNulls<TimeOnly>("time32[s]", [new(0, 0), null, new(23, 59, 59), new(12, 34, 56), new(0, 0, 1), null, new(12, 0), new(1, 0), new(0, 1), new(0, 0, 59)]);
    }

    [Fact]
    public void Naive_timestamps_of_every_unit_as_DateTime()
    {
        AssertReads("timestamp[s]", Stamps);
        AssertReads("timestamp[ms]", StampsFromMillis);
        AssertReads("timestamp[us]", Stamps);
        AssertReads("timestamp[ns]", StampsFromNanos);
        AssertReadsWithoutNulls<DateTime>("timestamp[us]", Stamps);
        var rows = PythonSource.Open<Row<DateTime?>>("arrow_types", "TypeMatrix", Options("timestamp[us]", false)).ToList();
        Assert.All(rows.Where(r => r.V is not null), r => Assert.Equal(DateTimeKind.Unspecified, r.V!.Value.Kind));
    }

    [Fact]
    public void Naive_timestamps_are_accepted_as_DateTimeOffset_at_UTC()
    {
        AssertReads("timestamp[us]", Stamps.Select(AtUtc).ToArray());
        AssertReads("timestamp[ns]", StampsFromNanos.Select(AtUtc).ToArray());
    }

    [Fact]
    public void Zoned_timestamps_as_DateTimeOffset_and_utc_DateTime()
    {
        AssertReads("timestamp[s, tz=UTC]", Stamps.Select(AtUtc).ToArray());
        AssertReads("timestamp[ms, tz=Europe/Zurich]", StampsFromMillis.Select(AtUtc).ToArray());
        AssertReads("timestamp[us, tz=+01:00]", Stamps.Select(AtUtc).ToArray());
        AssertReads("timestamp[ns, tz=UTC]", StampsFromNanos.Select(AtUtc).ToArray());
        AssertReads("timestamp[s, tz=UTC]", Stamps);
        var rows = PythonSource.Open<Row<DateTime>>("arrow_types", "TypeMatrix", Options("timestamp[us, tz=+01:00]", false, nulls: false)).ToList();
        Assert.All(rows, r => Assert.Equal(DateTimeKind.Utc, r.V.Kind));
    }

    [Fact]
    public void Durations_of_every_unit_as_TimeSpan()
    {
        long[] raw = [1, 0, -1, 86400, 0, 0, -86400, 1L << 36, -(1L << 36), 7];
        TimeSpan? Expected(int i, long ticksPerUnit) => i is 1 or 5 ? null : TimeSpan.FromTicks(raw[i] * ticksPerUnit);
        AssertReads("duration[s]", Enumerable.Range(0, 10).Select(i => Expected(i, TimeSpan.TicksPerSecond)).ToArray());
        AssertReads("duration[ms]", Enumerable.Range(0, 10).Select(i => Expected(i, TimeSpan.TicksPerMillisecond)).ToArray());
        AssertReads("duration[us]", Enumerable.Range(0, 10).Select(i => Expected(i, 10)).ToArray());
        AssertReads<TimeSpan?>("duration[ns]",
            [TimeSpan.Zero, null, TimeSpan.FromTicks(-1), TimeSpan.FromTicks(864), TimeSpan.Zero, null, TimeSpan.FromTicks(-864),
             TimeSpan.FromTicks((1L << 36) / 100), TimeSpan.FromTicks(-((1L << 36) / 100) - 1), TimeSpan.Zero]);
    }

    [Fact]
    public void Decimals()
    {
        AssertReads<decimal?>("decimal128(10, 2)", [12345678.91m, null, -0.01m, 99999999.99m, 0m, null, -99999999.99m, 1.5m, 0.10m, -42m]);
        AssertReads<decimal?>("decimal128(38, 10)",
            [1234567890123456789.0123456789m, null, -0.0000000001m, 0m, -1234567890123456789.0123456789m, null, 1m, 2.5m, -3m, 0.5m]);
        AssertReadsWithoutNulls<decimal>("decimal128(10, 2)", [12345678.91m, null, -0.01m, 99999999.99m, 0m, null, -99999999.99m, 1.5m, 0.10m, -42m]);
    }

    [Fact]
    public void Lists_as_arrays_and_read_only_lists()
    {
        long?[]?[] longs = [[1, 2], null, [], [null, 3], [4], null, [5, 6, 7], [], [8], [9, null]];
        AssertReads("list<int64>", longs);
        AssertReads<IReadOnlyList<long?>?>("list<int64>", longs);
        AssertReads<List<long?>?>("list<int64>", longs.Select(l => l?.ToList()).ToArray());
        string?[]?[] strings = [["a", "b"], null, [], [null, "c"], ["dé"], null, ["x", "y", "z"], [], [""], ["東京", null]];
        AssertReads("large_list<string>", strings);
        AssertReads<IReadOnlyList<string?>?>("large_list<string>", strings);
    }

    [Fact]
    public void Structs_as_nested_types()
    {
        (long? X, string? Y)?[] expected =
            [(1, "a"), null, (null, "b"), (3, null), (-4, "dé"), null, (6, "f"), (7, ""), (8, "h"), (1L << 62, "東京")];
        AssertReads<Point?>("struct", expected.Select(e => e is null ? null : new Point { X = e.Value.X, Y = e.Value.Y }).ToArray(),
            p => p is null ? null : (p.X, p.Y));
    }

    [Fact]
    public void A_type_outside_the_table_is_rejected_at_open_naming_the_column_and_its_arrow_type()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<Row<long?>>("arrow_types", "TypeMatrix", Options("null", false)));
        Assert.Equal(
            "Row type 'Linq2PyArrow.Tests.Arrow.TypeMappingTests.Row<Int64?>' does not match Python data source 'arrow_types.TypeMatrix': " +
            "Row<Int64?>.V is Int64? but column 'v' is null, which cannot be read as that type. See the type mapping table in the README.",
            ex.Message);
        Assert.Equal(("v", "Int64?", "null"), (ex.Column, ex.ExpectedType, ex.ActualType));
    }

    [Theory]
    [InlineData("timestamp[s] beyond year 9999", typeof(DateTime), 2, "253402300800")]
    [InlineData("timestamp[s] beyond year 9999", typeof(DateTimeOffset), 2, "253402300800")]
    [InlineData("date32 beyond year 9999", typeof(DateOnly), 7, "2932897")]
    [InlineData("time64[us] beyond a day", typeof(TimeOnly), 3, "86400000000")]
    [InlineData("duration[s] beyond TimeSpan", typeof(TimeSpan), 6, "1099511627776")]
    [InlineData("decimal128(38, 0) beyond decimal", typeof(decimal), 2, "10000000000000000000000000000000000000")]
    public void A_value_the_member_type_cannot_hold_is_an_error_naming_column_and_row(string type, Type member, int row, string stored)
    {
        var read = typeof(TypeMappingTests).GetMethod(nameof(ReadNullable), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(member);
        var ex = Assert.Throws<SchemaMismatchException>(() =>
        {
            try
            {
                read.Invoke(null, [type]);
            }
            catch (System.Reflection.TargetInvocationException e)
            {
                throw e.InnerException!;
            }
        });
        var name = member.Name;
        Assert.Equal(
            $"Python data source 'arrow_types.TypeMatrix' returned a value in column 'v' (partition 0, row {row}) that Row<{name}?>.V ({name}?) " +
            $"cannot represent: the stored value {stored} is outside the range of {name}. Use a type that can hold it, or filter such values out in the source.",
            ex.Message);
        Assert.Equal((0, (long?)row, stored), (ex.PartitionIndex, ex.Row, ex.ActualType));
    }

    private static void ReadNullable<T>(string type) where T : struct =>
        PythonSource.Open<Row<T?>>("arrow_types", "TypeMatrix", Options(type, sliced: true)).ToList();

    private static DateTimeOffset? AtUtc(DateTime? value) =>
        value is null ? null : new DateTimeOffset(DateTime.SpecifyKind(value.Value, DateTimeKind.Unspecified), TimeSpan.Zero);
}
