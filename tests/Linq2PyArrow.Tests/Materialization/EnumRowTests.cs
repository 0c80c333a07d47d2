namespace Linq2PyArrow.Tests.Materialization;

public enum Status { Active, Inactive, Closed, Pending }

public enum Level : short { Low, Mid, High }

public enum WideLevel : long { Low, Mid, High }

[Flags]
public enum Perms { None = 0, Read = 1, Write = 2, Execute = 4 }

public enum Shade { Red, RED, Blue }

/// <summary>
/// Enums from string columns (by name: exact, then ignoring case; [Flags] combinations) in every string layout, and
/// from integer columns that fit the underlying type (values kept as a C# cast keeps them); nullable enums; the
/// errors for unknown names and for columns that cannot hold the enum. Data: python/row_sources.py.
/// </summary>
public sealed class EnumRowTests
{
    public sealed record EnumRow(long Id, Status? Status, Level? Level, Perms? Perms);

    public sealed class StrictRow
    {
        public long Id { get; set; }
        public Status Status { get; set; }
        public Level Level { get; set; }
    }

    private static readonly Status?[] Statuses =
        [Status.Active, Status.Inactive, Status.Closed, null, Status.Pending, Status.Active, Status.Closed, null, Status.Pending, Status.Active];

    private static readonly Level?[] Levels = [Level.Low, Level.Mid, Level.High, null, (Level)7, (Level)3, Level.Mid, null, Level.Low, Level.High];

    private static readonly Perms?[] Permissions =
        [Perms.Read, Perms.Read | Perms.Write, Perms.Write, null, Perms.Read | Perms.Write | Perms.Execute, Perms.Execute, Perms.None, null,
         Perms.Write, Perms.Read];

    private static IQueryable<T> Open<T>(string layout = "utf8", string ints = "int8", string? bad = null, bool nulls = true, string tag = "")
    {
        var options = new Dictionary<string, string> { ["layout"] = layout, ["ints"] = ints, ["nulls"] = nulls ? "1" : "0", ["tag"] = tag };
        if (bad is not null) options["bad"] = bad;
        return PythonSource.Open<T>("row_sources", "Enums", options);
    }

    [Theory]
    [InlineData("utf8")]
    [InlineData("large_utf8")]
    [InlineData("utf8_view")]
    [InlineData("dictionary")]
    public void Names_match_exactly_then_ignoring_case_in_every_string_layout(string layout)
    {
        var rows = Open<EnumRow>(layout).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal(Statuses, rows.Select(r => r.Status));
        Assert.Equal(Permissions, rows.Select(r => r.Perms));
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("int16")]
    [InlineData("uint8")]
    public void Integers_that_fit_the_underlying_type_are_cast_keeping_undefined_values(string ints)
    {
        var rows = Open<EnumRow>(ints: ints).ToList();
        Assert.Equal(Levels, rows.Select(r => r.Level));
        Assert.False(Enum.IsDefined(rows[4].Level!.Value));
    }

    [Fact]
    public void A_long_enum_reads_any_signed_width()
    {
        foreach (var ints in new[] { "int8", "int32", "int64" })
        {
            var values = Open<Row<WideLevel?>>(ints: ints).Select(r => r.Level).ToList();
            Assert.Equal(Levels.Select(l => (WideLevel?)(long?)(short?)l), values);
        }
    }

    public sealed class Row<TLevel>
    {
        public long Id { get; set; }
        public TLevel Level { get; set; } = default!;
    }

    [Fact]
    public void Non_nullable_enums_read_columns_without_nulls_and_reject_a_null()
    {
        var rows = Open<StrictRow>(nulls: false).ToList();
        Assert.Equal(Statuses.Zip(Levels).Where(p => p.First is not null && p.Second is not null).Select(p => (p.First!.Value, p.Second!.Value)),
            rows.Select(r => (r.Status, r.Level)));
        var ex = Assert.Throws<SchemaMismatchException>(() => Open<StrictRow>().ToList());
        Assert.Equal(
            "Python data source 'row_sources.Enums' returned a null in column 'status' (partition 0, row 3), but StrictRow.Status is a non-nullable Status. " +
            "Declare it nullable (Status?) or filter the nulls out in the source.", ex.Message);
    }

    [Fact]
    public void An_unknown_name_names_the_column_the_value_the_partition_and_the_row()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => Open<EnumRow>(bad: "7:Actve").ToList());
        Assert.Equal(
            "Python data source 'row_sources.Enums' returned 'Actve' in column 'status' (partition 1, row 1) for EnumRow.Status, which is not a name of " +
            "enum Status (Active, Inactive, Closed, Pending; did you mean 'Active'?). Names match exactly first, then ignoring case. " +
            "Fix the data, add the name to the enum, or declare the member as a string.", ex.Message);
        Assert.Equal(("status", "Status?", "'Actve'", 1, 1L), (ex.Column, ex.ExpectedType, ex.ActualType, ex.PartitionIndex, ex.Row));
        foreach (var value in new[] { " Active", "3", "", "Active,Closed" })
            Assert.Contains($"returned '{value}' in column 'status'", Assert.Throws<SchemaMismatchException>(() => Open<EnumRow>(bad: "2:" + value).ToList()).Message);
        Assert.Contains("(partition 0, row 2)", Assert.Throws<SchemaMismatchException>(() => Open<EnumRow>("dictionary", bad: "2:nope").ToList()).Message);
    }

    public sealed record ShadeRow(long Id, Shade? Status);

    [Fact]
    public void A_name_matching_two_members_only_ignoring_case_is_ambiguous()
    {
        // Only row 0 is read: the other rows hold names Shade does not have.
        var ex = Assert.Throws<SchemaMismatchException>(() => Open<ShadeRow>(bad: "0:red").Where(r => r.Id == 0).ToList());
        Assert.Contains("returned 'red' in column 'status' (partition 0, row 0) for ShadeRow.Status, which matches Red and RED of enum Shade only ignoring case, so it is ambiguous.",
            ex.Message);
        Assert.Equal(Shade.RED, Open<ShadeRow>(bad: "0:RED").Where(r => r.Id == 0).Single().Status);
    }

    [Fact]
    public void Columns_that_cannot_hold_the_enum_are_rejected_at_open()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => Open<EnumRow>(ints: "int32"));
        Assert.Equal(
            "Row type 'Linq2PyArrow.Tests.Materialization.EnumRowTests.EnumRow' does not match Python data source 'row_sources.Enums': " +
            "EnumRow.Level is Level? but column 'level' is int32, which cannot be read as that type. See the type mapping table in the README.", ex.Message);
        Assert.Contains("EnumRow.Level is Level? but column 'level' is double", Assert.Throws<SchemaMismatchException>(() => Open<EnumRow>(ints: "float64")).Message);
        Assert.Contains("Row<Status>.Level is Status but column 'level' is int64",
            Assert.Throws<SchemaMismatchException>(() => Open<Row<Status>>(ints: "int64")).Message);
    }

    [Fact]
    public void Queries_over_enums_match_linq_to_objects_and_push_no_comparison_a_source_would_get_wrong()
    {
        var rows = Open<EnumRow>().ToList();
        var tag = Guid.NewGuid().ToString("N");
        var source = Open<EnumRow>(tag: tag);
        // The source holds "Active" and "active": a pushed ('status', '==', 'Active') would drop a row .NET keeps.
        Assert.Equal(rows.Count(r => r.Status == Status.Active), source.Count(r => r.Status == Status.Active));
        Assert.Equal(3, source.Count(r => r.Status == Status.Active));
        var wanted = new[] { Status.Closed, Status.Pending };
        Assert.Equal(rows.Count(r => r.Status != null && wanted.Contains(r.Status.Value)), source.Count(r => r.Status != null && wanted.Contains(r.Status.Value)));
        Assert.Equal(rows.Where(r => Equals(r.Status, Status.Closed)).Select(r => r.Id), source.Where(r => Equals(r.Status, Status.Closed)).Select(r => r.Id));
        Assert.Equal(rows.Count(r => r.Level == Level.High), source.Count(r => r.Level == Level.High));
        Assert.Equal(rows.Count(r => r.Level > Level.Mid), source.Count(r => r.Level > Level.Mid));
        Assert.All(TakeFilters(tag), filters => Assert.Equal("None", filters));

        Assert.Equal(rows.Select(r => r.Status).Distinct().OrderBy(s => s), source.Select(r => r.Status).Distinct().OrderBy(s => s).ToList());
        Assert.Equal(rows.GroupBy(r => r.Status).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key),
            source.GroupBy(r => r.Status).Select(g => ValueTuple.Create(g.Key, g.Count())).AsEnumerable().OrderBy(g => g.Item1));
        Assert.Equal(rows.Max(r => r.Level), source.Max(r => r.Level));
        Assert.Equal(rows.OrderBy(r => r.Perms).ThenBy(r => r.Id).Select(r => r.Id), source.OrderBy(r => r.Perms).ThenBy(r => r.Id).Select(r => r.Id));
    }

    private static List<string> TakeFilters(string tag)
    {
        using var gil = Linq2PyArrow.Python.Gil.Acquire();
        using var globals = Linq2PyArrow.Python.PyCode.Exec($"import row_sources\nresult = row_sources.Enums.take_filters('{tag}')");
        using var result = Linq2PyArrow.Python.PyCode.Eval("result", globals);
        return ((IReadOnlyList<object?>)Linq2PyArrow.Python.PyConvert.FromPython(result)!).Cast<string>().ToList();
    }
}
