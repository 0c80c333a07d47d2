using System.ComponentModel.DataAnnotations.Schema;
using Linq2PyArrow.Materialization;

namespace Linq2PyArrow.Tests.Materialization;

/// <summary>
/// A row type that does not fit gets one SchemaMismatchException naming every member or constructor parameter without
/// a column, each with the column it most likely meant. Source: l2pa_test_sources.Rows (id, name, score, ts, flag).
/// </summary>
public sealed class RowBindingMessageTests
{
    private const string Prefix = "Row type 'Linq2PyArrow.Tests.Materialization.RowBindingMessageTests.";
    private const string Columns = "The source's columns: id (int64), name (string), score (double), ts (timestamp[us]), flag (bool).";

    private static string Fails<T>() =>
        Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<T>("l2pa_test_sources", "Rows")).Message;

    public sealed record Order(long Id, string Nme, double Scroe);

    public sealed record OneTypo(long Id, [property: Column("nam")] string Label, bool Flag);

    public sealed record Wrong(long Id, int Name, double Nonexistent);

    public sealed class Settable
    {
        public long Id { get; set; }
        public string? Nmae { get; set; }
        public bool Flga { get; set; }
    }

    public sealed class NoConstructor
    {
        private NoConstructor() { }

        public static NoConstructor Create() => new();
    }

    [Fact]
    public void A_positional_record_names_each_parameter_without_a_column_and_its_likely_column()
    {
        Assert.Equal(
            $"{Prefix}Order' does not match Python data source 'l2pa_test_sources.Rows': its constructor Order(Int64 Id, String Nme, Double Scroe) " +
            "has parameters without a column: 'Nme' (String; did you mean 'name'?), 'Scroe' (Double; did you mean 'score'?). " +
            $"{Columns} Rename the parameters or map their properties with [Column(\"name\")] ([property: Column(\"name\")] in a positional record), or give Order a public parameterless constructor and settable properties.",
            Fails<Order>());
        Assert.Equal(
            $"{Prefix}OneTypo' does not match Python data source 'l2pa_test_sources.Rows': its constructor OneTypo(Int64 Id, String Label, Boolean Flag) " +
            "has a parameter without a column: 'Label' (String, mapped to 'nam'; did you mean 'name'?). " +
            $"{Columns} Rename the parameter or map its property with [Column(\"name\")] ([property: Column(\"name\")] in a positional record), or give OneTypo a public parameterless constructor and settable properties.",
            Fails<OneTypo>());
    }

    [Fact]
    public void Missing_columns_and_wrong_types_are_reported_together()
    {
        Assert.Equal(
            $"{Prefix}Wrong' does not match Python data source 'l2pa_test_sources.Rows': its constructor Wrong(Int64 Id, Int32 Name, Double Nonexistent) " +
            "has a parameter without a column: 'Nonexistent' (Double). Wrong.Name is Int32 but column 'name' is string, which cannot be read as that type. " +
            $"{Columns} Rename the parameter or map its property with [Column(\"name\")] ([property: Column(\"name\")] in a positional record), or give Wrong a public parameterless constructor and settable properties. " +
            "See the type mapping table in the README.",
            Fails<Wrong>());
    }

    [Fact]
    public void Settable_members_without_a_column_are_all_named_with_their_likely_column()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<Settable>("l2pa_test_sources", "Rows"));
        Assert.Equal(
            $"{Prefix}Settable' does not match Python data source 'l2pa_test_sources.Rows': Settable.Nmae (String) has no column named 'Nmae' " +
            "(did you mean 'name'?). Settable.Flga (Boolean) has no column named 'Flga' (did you mean 'flag'?). " +
            $"{Columns} Rename the member, map it with [Column(\"name\")], or mark it [NotMapped].", ex.Message);
        Assert.Equal(("Nmae", "String", (string?)null), (ex.Column, ex.ExpectedType, ex.ActualType));
    }

    [Fact]
    public void A_type_without_a_public_constructor_says_so()
    {
        Assert.Equal(
            $"{Prefix}NoConstructor' does not match Python data source 'l2pa_test_sources.Rows': it has no public constructor. {Columns} " +
            "Give it a public constructor whose parameters match columns, or a public parameterless one and settable properties.",
            Fails<NoConstructor>());
    }

    [Theory]
    [InlineData("customr", "customer,country,id", "customer")]
    [InlineData("PlacedAt", "id,placed_at,placed", "placed_at")]
    [InlineData("CUSTOMER", "customer", "customer")]
    [InlineData("nam", "id,name,score", "name")]
    [InlineData("Title", "id,name,score,ts,flag", null)]
    [InlineData("identifier", "id,name", null)]
    [InlineData("x", "y,z", null)]
    [InlineData("Scroe", "id,score", "score")]
    public void Close_matches(string name, string candidates, string? expected) =>
        Assert.Equal(expected, CloseMatch.Find(name, candidates.Split(',')));
}
