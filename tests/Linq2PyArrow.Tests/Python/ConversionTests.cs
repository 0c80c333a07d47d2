using System.Numerics;
using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Python;

/// <summary>.NET ↔ Python conversions, checked on both sides: repr() in Python, exact values in .NET.</summary>
[Trait("Category", "Binding")]
public sealed class ConversionTests
{
    private static string ReprOf(object? value)
    {
        using var gil = Gil.Acquire();
        using var python = PyConvert.ToPython(value);
        return python.Repr();
    }

    private static object? FromExpression(string expression)
    {
        using var gil = Gil.Acquire();
        using var globals = PyCode.Exec("import datetime, decimal");
        return BindingTestSupport.Eval(expression, globals);
    }

    private static object? RoundTrip(object? value)
    {
        using var gil = Gil.Acquire();
        using var python = PyConvert.ToPython(value);
        return PyConvert.FromPython(python);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("é ∑ 中文", "'é ∑ 中文'")]
    [InlineData("😀𝄞", "'😀𝄞'")]
    [InlineData("a\0b", "'a\\x00b'")]
    [InlineData("", "''")]
    public void Strings_to_python(string value, string repr) => Assert.Equal(repr, ReprOf(value));

    [Fact]
    public void Non_bmp_characters_are_single_code_points_in_python_and_come_back_intact()
    {
        const string text = "a😀b\U0010FFFF";
        using var gil = Gil.Acquire();
        using var python = PyConvert.ToPython(text);
        using var length = PyCode.Eval("len");
        using var count = length.Call(python);
        Assert.Equal(4L, PyConvert.FromPython(count));
        Assert.Equal(text, PyConvert.FromPython(python));
        Assert.Equal("é😀", FromExpression("'\\u00e9\\U0001F600'"));
    }

    [Fact]
    public void A_python_string_with_a_lone_surrogate_is_a_UnicodeEncodeError_not_garbage()
    {
        var error = Assert.Throws<PythonException>(() => FromExpression("'\\ud800'"));
        Assert.Equal("UnicodeEncodeError", error.PythonType);
    }

    [Fact]
    public void Integers_both_ways_including_big_ones()
    {
        Assert.Equal("-9223372036854775808", ReprOf(long.MinValue));
        Assert.Equal("18446744073709551615", ReprOf(ulong.MaxValue));
        Assert.Equal("255", ReprOf((byte)255));
        Assert.Equal(42L, FromExpression("42"));
        Assert.Equal(long.MaxValue, FromExpression("2**63 - 1"));
        Assert.Equal(BigInteger.Pow(2, 63), FromExpression("2**63"));
        Assert.Equal(-BigInteger.Pow(2, 100), FromExpression("-2**100"));
        Assert.Equal("1267650600228229401496703205376", ReprOf(BigInteger.Pow(2, 100)));
        Assert.Equal("-1267650600228229401496703205376", ReprOf(-BigInteger.Pow(2, 100)));
        // More than sys.int_max_str_digits (4300) decimal digits: must not go through str().
        var huge = BigInteger.Pow(10, 5000) + 7;
        Assert.Equal(huge, RoundTrip(huge));
        Assert.Equal(-huge, RoundTrip(-huge));
        Assert.Equal(huge, FromExpression("10**5000 + 7"));
    }

    [Fact]
    public void Floats_bools_none_and_bytes()
    {
        Assert.Equal(1.5, FromExpression("1.5"));
        Assert.Equal(double.PositiveInfinity, FromExpression("float('inf')"));
        Assert.True(double.IsNaN((double)FromExpression("float('nan')")!));
        Assert.True(double.IsNegative((double)FromExpression("-0.0")!));
        Assert.Equal("0.1", ReprOf(0.1));
        Assert.Equal("1.5", ReprOf(1.5f));
        Assert.Equal("True", ReprOf(true));
        Assert.Equal("False", ReprOf(false));
        Assert.Equal(true, FromExpression("True"));
        Assert.Equal("None", ReprOf(null));
        Assert.Null(FromExpression("None"));
        Assert.Equal("b'\\x00\\x01\\xff'", ReprOf(new byte[] { 0, 1, 255 }));
        Assert.Equal(new byte[] { 0, 1, 255 }, FromExpression("b'\\x00\\x01\\xff'"));
        Assert.Equal("'x'", ReprOf('x'));
    }

    [Fact]
    public void Dicts_lists_and_tuples()
    {
        var dict = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new object?[] { "x", null, 2.5 } };
        Assert.Equal("{'a': 1, 'b': ['x', None, 2.5]}", ReprOf(dict));
        var back = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(RoundTrip(dict));
        Assert.Equal(1L, back["a"]);
        Assert.Equal(new object?[] { "x", null, 2.5 }, back["b"]);
        Assert.Equal(new object?[] { 1L, "two", null }, FromExpression("(1, 'two', None)"));
        Assert.Equal(new object?[] { 1L, new object?[] { 2L } }, FromExpression("[1, [2]]"));
        Assert.Equal("[1, 2, 3]", ReprOf(new List<int> { 1, 2, 3 }));
        var keys = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(FromExpression("{1: 'one', 'é': 2}"));
        Assert.Equal("one", keys["1"]);
        Assert.Equal(2L, keys["é"]);
    }

    [Fact]
    public void Datetimes_naive_and_aware()
    {
        var naive = new DateTime(2024, 2, 29, 13, 45, 30).AddTicks(1234560);
        Assert.Equal("datetime.datetime(2024, 2, 29, 13, 45, 30, 123456)", ReprOf(naive));
        Assert.Equal(naive, FromExpression("datetime.datetime(2024, 2, 29, 13, 45, 30, 123456)"));
        Assert.Equal(DateTimeKind.Unspecified, ((DateTime)FromExpression("datetime.datetime(2024, 1, 1)")!).Kind);

        var utc = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Assert.Equal("datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)", ReprOf(utc));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), RoundTrip(utc));

        var india = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromMinutes(330)).AddTicks(10);
        Assert.Equal("datetime.datetime(2024, 6, 1, 12, 0, 0, 1, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))", ReprOf(india));
        var back = (DateTimeOffset)RoundTrip(india)!;
        Assert.Equal(india, back);
        Assert.Equal(TimeSpan.FromMinutes(330), back.Offset);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5)),
            FromExpression("datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))"));
    }

    [Fact]
    public void Dates_times_and_timedeltas()
    {
        Assert.Equal("datetime.date(1999, 12, 31)", ReprOf(new DateOnly(1999, 12, 31)));
        Assert.Equal(new DateOnly(1, 1, 1), FromExpression("datetime.date(1, 1, 1)"));
        Assert.Equal("datetime.time(23, 59, 58, 999999)", ReprOf(new TimeOnly(23, 59, 58).Add(TimeSpan.FromTicks(9999990))));
        Assert.Equal(new TimeOnly(7, 8, 9).Add(TimeSpan.FromTicks(10)), FromExpression("datetime.time(7, 8, 9, 1)"));
        Assert.Equal("datetime.timedelta(days=1, seconds=3661, microseconds=5)", ReprOf(new TimeSpan(1, 1, 1, 1).Add(TimeSpan.FromTicks(50))));
        Assert.Equal("datetime.timedelta(days=-1, seconds=86399)", ReprOf(TimeSpan.FromSeconds(-1)));
        Assert.Equal(TimeSpan.FromSeconds(-1), FromExpression("datetime.timedelta(seconds=-1)"));
        Assert.Equal(TimeSpan.FromDays(3) + TimeSpan.FromTicks(10), FromExpression("datetime.timedelta(days=3, microseconds=1)"));
    }

    [Fact]
    public void Decimals_keep_their_scale()
    {
        Assert.Equal("Decimal('1.50')", ReprOf(1.50m));
        Assert.Equal("Decimal('-79228162514264337593543950335')", ReprOf(decimal.MinValue));
        Assert.Equal(1.50m, FromExpression("decimal.Decimal('1.50')"));
        Assert.Equal("1.50", ((decimal)FromExpression("decimal.Decimal('1.50')")!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(100m, FromExpression("decimal.Decimal('1E+2')"));
        Assert.Equal(0.000001m, FromExpression("decimal.Decimal('0.000001')"));
    }

    [Fact]
    public void Unsupported_types_name_the_type_in_both_directions()
    {
        var toPython = Assert.Throws<NotSupportedException>(() => ReprOf(new object()));
        Assert.Contains("System.Object", toPython.Message);
        var fromPython = Assert.Throws<NotSupportedException>(() => FromExpression("{1, 2}"));
        Assert.Equal("A Python value of type set has no .NET conversion.", fromPython.Message);
    }
}
