using Apache.Arrow;
using Apache.Arrow.Types;
using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Tests.Sources;

/// <summary>The documented rule for the column a query that reads none asks for: narrowest fixed width, then strings, then nested.</summary>
public sealed class CheapestColumnTests
{
    private static string? Cheapest(params IArrowType[] types) =>
        CheapestColumn.Of(new Schema(types.Select((t, i) => new Field($"c{i}", t, true)).ToList(), null));

    [Fact]
    public void The_narrowest_fixed_width_column_wins_then_schema_order()
    {
        Assert.Equal("c2", Cheapest(Int64Type.Default, StringType.Default, BooleanType.Default, Int8Type.Default));
        Assert.Equal("c1", Cheapest(Int32Type.Default, Int8Type.Default, UInt8Type.Default, Int16Type.Default));
        Assert.Equal("c1", Cheapest(new TimestampType(TimeUnit.Microsecond, (string?)null), HalfFloatType.Default, Date32Type.Default));
        Assert.Equal("c0", Cheapest(Date32Type.Default, Int32Type.Default, DoubleType.Default));
        Assert.Equal("c1", Cheapest(new Decimal256Type(40, 2), new Decimal128Type(10, 2)));
        Assert.Equal("c1", Cheapest(new Decimal128Type(10, 2), new FixedSizeBinaryType(4)));
    }

    [Fact]
    public void Strings_come_after_fixed_widths_and_nested_types_last()
    {
        var list = new ListType(Int64Type.Default);
        var structType = new StructType([new Field("x", Int8Type.Default, true)]);
        Assert.Equal("c1", Cheapest(list, StringType.Default, structType));
        Assert.Equal("c2", Cheapest(StringType.Default, list, Int64Type.Default));
        Assert.Equal("c1", Cheapest(structType, new DictionaryType(Int8Type.Default, StringType.Default, false)));
        Assert.Equal("c0", Cheapest(list, structType));
        Assert.Null(Cheapest());
    }
}
