namespace Linq2PyArrow.Tests.Linq;

public sealed class ValueRow<T>
{
    public T V { get; set; } = default!;
}

/// <summary>
/// Count/Sum/Min/Max/Average run as columnar kernels over the Arrow buffers; their results and failures must be
/// LINQ's exactly (checked sums, empty sequences, nulls, NaN and signed zeros, float sums in double).
/// </summary>
public sealed class KernelTests
{
    private static IQueryable<ValueRow<T>> Values<T>(string type, string values, int batch = 4) =>
        PythonSource.Open<ValueRow<T>>("linq_sources", "Values",
            new Dictionary<string, string> { ["type"] = type, ["values"] = values, ["batch"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>The provider's answer and LINQ to Objects' over the same rows, as "value" or "ExceptionType: message".</summary>
    private static (string Actual, string Expected) Both<T, TResult>(IQueryable<ValueRow<T>> source, Func<IQueryable<ValueRow<T>>, TResult> query)
    {
        var rows = Outcome(() => source.AsEnumerable().ToList());
        var expected = rows.Error ?? Outcome(() => query(((List<ValueRow<T>>)rows.Value!).AsQueryable())).Text;
        return (Outcome(() => query(source)).Text, expected);
    }

    private static (object? Value, string Text, string? Error) Outcome(Func<object?> run)
    {
        try
        {
            var value = run();
            return (value, GeneratedQueryTests.Render(value), null);
        }
        catch (Exception ex)
        {
            var text = $"{ex.GetType().Name}: {ex.Message}";
            return (null, text, text);
        }
    }

    private static void Same<T, TResult>(IQueryable<ValueRow<T>> source, Func<IQueryable<ValueRow<T>>, TResult> query, string expected)
    {
        var (actual, linq) = Both(source, query);
        Assert.Equal(linq, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Aggregates_are_columnar_kernels()
    {
        var source = Values<long>("int64", "1,2,3;4");
        Assert.Contains("Sum kernel over column 'v' as long", source.Explain(q => q.Sum(r => r.V)));
        Assert.Contains("Max kernel over column 'v' as long", source.Explain(q => q.Where(r => r.V > 1).Max(r => r.V)));
        Assert.Contains("Average kernel over column 'v' as double", Values<int>("int32", "1").Explain(q => q.Average(r => (double)r.V)));
        Assert.Contains("Count kernel", source.Explain(q => q.Count(r => r.V > 1)));
    }

    [Fact]
    public void Long_sums_are_checked_in_sequence()
    {
        Same(Values<long>("int64", "9223372036854775807;1"), q => q.Sum(r => r.V), "OverflowException: Arithmetic operation resulted in an overflow.");
        // Lanes would not overflow here, a running total does: LINQ with a selector throws, and so must the kernel.
        Same(Values<long>("int64", "9223372036854775807,1,-1,0,0,0,0,0,0,0,0,0,0,0,0,0,0", batch: 32), q => q.Sum(r => r.V),
            "OverflowException: Arithmetic operation resulted in an overflow.");
        // Huge magnitudes that never overflow in sequence.
        Same(Values<long>("int64", string.Join(",", Enumerable.Repeat("9223372036854775807,-9223372036854775807", 40)), batch: 64), q => q.Sum(r => r.V), "0");
        Same(Values<long>("int64", "range:0:100000:1", batch: 4096), q => q.Sum(r => r.V), "4999950000");
        Same(Values<long>("int64", "range:-50000:50000:3", batch: 1000), q => q.Where(r => r.V % 2 == 0).Sum(r => r.V), "-33334");
    }

    [Fact]
    public void Int_sums_are_checked_in_the_int_range()
    {
        Same(Values<int>("int32", "2147483647,1"), q => q.Sum(r => r.V), "OverflowException: Arithmetic operation resulted in an overflow.");
        Same(Values<int>("int32", "2147483647,1"), q => q.Sum(r => (long)r.V), "2147483648");
        Same(Values<int>("int32", "range:0:65537:1", batch: 4096), q => q.Sum(r => r.V), "OverflowException: Arithmetic operation resulted in an overflow.");
        Same(Values<int>("int32", "range:0:60000:1", batch: 4096), q => q.Sum(r => r.V), "1799970000");
        Same(Values<short>("int16", "32767,32767,-5"), q => q.Sum(r => r.V), "65529");
    }

    [Fact]
    public void Empty_sequences_follow_linq()
    {
        var empty = Values<long>("int64", ";");
        Same(empty, q => q.Sum(r => r.V), "0");
        Same(empty, q => q.Count(), "0");
        Same(empty, q => q.Min(r => r.V), "InvalidOperationException: Sequence contains no elements");
        Same(empty, q => q.Max(r => r.V), "InvalidOperationException: Sequence contains no elements");
        Same(empty, q => q.Average(r => r.V), "InvalidOperationException: Sequence contains no elements");
        Same(empty, q => q.Min(r => (long?)r.V), "null");
        Same(empty, q => q.Average(r => (long?)r.V), "null");
        Same(empty, q => q.Sum(r => (long?)r.V), "0");
    }

    [Fact]
    public void Nullable_members_skip_nulls()
    {
        var source = Values<long?>("int64", "None,5;None;3,None");
        Same(source, q => q.Sum(r => r.V), "8");
        Same(source, q => q.Min(r => r.V), "3");
        Same(source, q => q.Max(r => r.V), "5");
        Same(source, q => q.Average(r => r.V), "4");
        Same(source, q => q.Count(), "5");
        var allNull = Values<double?>("float64", "None,None;None");
        Same(allNull, q => q.Sum(r => r.V), "0");
        Same(allNull, q => q.Max(r => r.V), "null");
        Same(allNull, q => q.Average(r => r.V), "null");
    }

    [Fact]
    public void A_null_in_a_non_nullable_member_is_a_schema_mismatch()
    {
        var source = Values<long>("int64", "1,None,3");
        var ex = Assert.Throws<SchemaMismatchException>(() => source.Sum(r => r.V));
        Assert.Equal("Python data source 'linq_sources.Values' returned a null in column 'v' (partition 0, row 1), " +
                     "but ValueRow<Int64>.V is a non-nullable Int64. Declare it nullable (Int64?) or filter the nulls out in the source.", ex.Message);
        Assert.Equal(ex.Message, Assert.Throws<SchemaMismatchException>(() => source.ToList()).Message);
        // A nullable member read as non-nullable fails like the compiled selector would.
        Same(Values<long?>("int64", "1,None"), q => q.Sum(r => (long)r.V!), "InvalidOperationException: Nullable object must have a value.");
    }

    [Fact]
    public void Min_and_max_follow_linqs_nan_and_signed_zero_rules()
    {
        Same(Values<double>("float64", "1,nan,0"), q => q.Min(r => r.V), "NaN");
        Same(Values<double>("float64", "nan,1;0"), q => q.Max(r => r.V), "1");
        Same(Values<double>("float64", "nan;nan"), q => q.Max(r => r.V), "NaN");
        Same(Values<double?>("float64", "None,nan,2"), q => q.Min(r => r.V), "NaN");
        Same(Values<double>("float64", "-0.0,0.0"), q => q.Min(r => r.V), "-0");
        Same(Values<double>("float64", "0.0,-0.0"), q => q.Max(r => r.V), "0");
        Same(Values<double>("float64", "-0.0,0.0"), q => q.Max(r => r.V), "-0");
    }

    [Fact]
    public void Float_sums_accumulate_in_double_in_sequence_order()
    {
        Same(Values<float>("float32", "100000000,1,-100000000"), q => q.Sum(r => r.V), "1");
        Same(Values<float>("float32", "0.1,0.2,0.3"), q => q.Average(r => r.V), "0.2");
        Same(Values<double>("float64", "0.1,0.2;0.3,1e16,-1e16"), q => q.Sum(r => r.V), ((0.1 + 0.2 + 0.3 + 1e16) - 1e16).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Same(Values<double>("float64", "1,2,4"), q => q.Average(r => r.V), "2.3333333333333335");
    }

    [Fact]
    public void Integer_averages_are_doubles_over_a_checked_long_sum()
    {
        Same(Values<int>("int32", "1,2;2"), q => q.Average(r => r.V), "1.6666666666666667");
        Same(Values<long>("int64", "9223372036854775807,1"), q => q.Average(r => r.V), "OverflowException: Arithmetic operation resulted in an overflow.");
        Same(Values<int?>("int32", "None,1,2"), q => q.Average(r => r.V), "1.5");
    }

    [Fact]
    public void Decimals_sum_and_average_exactly()
    {
        var source = Values<decimal?>("decimal", "0.1000,0.2000;None,-1.2345");
        Same(source, q => q.Sum(r => r.V), "-0.9345");
        Same(source, q => q.Average(r => r.V), "-0.3115");
        Same(source, q => q.Min(r => r.V), "-1.2345");
        Same(source, q => q.Max(r => r.V), "0.2000");
    }
}
