namespace Linq2PyArrow.Tests.Materialization;

/// <summary>
/// ValueTuple rows bind Item1, Item2… to the schema's columns in order (C# keeps element names out of the type), and
/// queries over them push like over any row type; ValueTuple projections (ValueTuple.Create, new ValueTuple&lt;…&gt;:
/// C# allows no tuple literal in an expression tree) run like anonymous types. Data: l2pa_test_sources.Rows
/// (id int64, name string, score double, ts timestamp[us], flag bool; 2 partitions of 10 rows).
/// </summary>
public sealed class TupleRowTests
{
    private static IQueryable<T> Open<T>() => PythonSource.Open<T>("l2pa_test_sources", "Rows", new Dictionary<string, string> { ["nulls"] = "1" });

    private static readonly List<OpenErrorRow> Rows = Open<OpenErrorRow>().ToList();

    public sealed record OpenErrorRow(long Id, string? Name, double? Score, DateTime Ts, bool Flag);

    [Fact]
    public void Elements_bind_to_the_columns_in_schema_order()
    {
        Assert.Equal(Rows.Select(r => (r.Id, r.Name)), Open<(long, string?)>().ToList());
        Assert.Equal(Rows.Select(r => (r.Id, r.Name, r.Score, r.Ts, r.Flag)), Open<(long, string?, double?, DateTime, bool)>().ToList());
        Assert.Equal(Rows.Select(r => ValueTuple.Create(r.Id)), Open<ValueTuple<long>>().ToList());
        Assert.Equal(Rows.Select(r => ((decimal)r.Id, r.Name!)), Open<(decimal, string)>().ToList()); // widening, and null into an unannotated string
    }

    [Fact]
    public void Queries_over_tuple_rows_push_and_match_linq_to_objects()
    {
        var source = Open<(long, string?, double?)>();
        var rows = Rows.Select(r => (r.Id, r.Name, r.Score)).ToList();
        Assert.Equal(rows.Where(t => t.Id > 12).Select(t => t.Name), source.Where(t => t.Item1 > 12).Select(t => t.Item2).ToList());
        Assert.Contains("filters: [[('id', '>', 12)]]", source.Where(t => t.Item1 > 12).Explain());
        Assert.Contains("columns: id, name (", source.Where(t => t.Item1 > 12).Select(t => t.Item2).Explain());
        Assert.Equal(rows.Sum(t => t.Id), source.Sum(t => t.Item1));
        Assert.Contains("Sum kernel over column 'id'", source.Explain(q => q.Sum(t => t.Item1)));
        Assert.Equal(rows.OrderByDescending(t => t.Score).ThenBy(t => t.Id).First(), source.OrderByDescending(t => t.Item3).ThenBy(t => t.Item1).First());
        Assert.Equal(rows.Count(t => t.Name == null), source.Count(t => t.Item2 == null));
    }

    [Fact]
    public async Task Tuple_projections_match_linq_to_objects()
    {
        var source = Open<OpenErrorRow>();
        Assert.Equal(Rows.Select(r => (r.Id, r.Name)), source.Select(r => ValueTuple.Create(r.Id, r.Name)).ToList());
        Assert.Equal(Rows.Select(r => (r.Id, r.Name)), source.Select(r => new ValueTuple<long, string?>(r.Id, r.Name)).ToList());
        Assert.Equal(Rows.Select(r => (r.Id, r.Score)).Where(t => t.Id > 3).OrderBy(t => t.Score).ThenBy(t => t.Id),
            source.Select(r => ValueTuple.Create(r.Id, r.Score)).Where(t => t.Item1 > 3).OrderBy(t => t.Item2).ThenBy(t => t.Item1).ToList());
        Assert.Equal(Rows.GroupBy(r => r.Flag).Select(g => (g.Key, g.Count())).OrderBy(t => t.Key),
            source.GroupBy(r => r.Flag).Select(g => ValueTuple.Create(g.Key, g.Count())).OrderBy(t => t.Item1).ToList());
        Assert.Equal(Rows.Select(r => (r.Id, r.Name)).Where(t => t.Name != null).ToList(),
            await source.Select(r => ValueTuple.Create(r.Id, r.Name)).Where(t => t.Item2 != null).ToListAsync());
        Assert.Contains("columns: id, name (", source.Select(r => ValueTuple.Create(r.Id, r.Name)).Explain());
    }

    [Fact]
    public void Tuples_bind_struct_columns_by_position()
    {
        var rows = PythonSource.Open<Arrow.TypeMappingTests.Row<(long?, string?)?>>("arrow_types", "TypeMatrix",
            new Dictionary<string, string> { ["type"] = "struct", ["slice"] = "0", ["nulls"] = "1" }).ToList();
        Assert.Equal((1L, "a"), rows[0].V);
        Assert.Null(rows[1].V);
        Assert.Equal((null, "b"), rows[2].V);
        Assert.Equal((3L, null), rows[3].V);
    }

    private const string Columns = "The source's columns: id (int64), name (string), score (double), ts (timestamp[us]), flag (bool).";

    [Fact]
    public void Tuples_that_do_not_fit_the_schema_say_how_elements_bind()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => Open<(long, int)>());
        Assert.Equal(
            "Row type '(Int64, Int32)' does not match Python data source 'l2pa_test_sources.Rows': (Int64, Int32).Item2 is Int32 but column 'name' " +
            "(column 2) is string, which cannot be read as that type. See the type mapping table in the README.", ex.Message);
        Assert.Equal(("name", "Int32", "string"), (ex.Column, ex.ExpectedType, ex.ActualType));

        ex = Assert.Throws<SchemaMismatchException>(() => Open<(long, string, double, DateTime, bool, int)>());
        Assert.Equal(
            "Row type '(Int64, String, Double, DateTime, Boolean, Int32)' does not match Python data source 'l2pa_test_sources.Rows': it has 6 elements " +
            $"but the source has 5 columns (Item1, Item2… bind to the columns in schema order). {Columns} Use a record or class for such rows: they bind by name.",
            ex.Message);

        ex = Assert.Throws<SchemaMismatchException>(() => Open<(long, string, double, DateTime, bool, int, int, int)>());
        Assert.Equal(
            "Row type '(Int64, String, Double, DateTime, Boolean, Int32, Int32, Int32)' does not match Python data source 'l2pa_test_sources.Rows': " +
            "it has more than 7 elements, and ValueTuple rows bind Item1 to Item7 to the first columns by position. Use a record or class for such rows: they bind by name.",
            ex.Message);
    }
}
