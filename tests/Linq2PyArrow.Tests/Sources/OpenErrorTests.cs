using System.ComponentModel.DataAnnotations.Schema;

namespace Linq2PyArrow.Tests.Sources;

/// <summary>Problems found by PythonSource.Open, each reported at once with its own message.</summary>
public sealed class OpenErrorTests
{
    public sealed class Row
    {
        public long Id { get; set; }
        public string? Name { get; set; }
    }

    private static PythonDataSourceException OpenFails(string module, string cls, Dictionary<string, string>? options = null) =>
        Assert.Throws<PythonDataSourceException>(() => PythonSource.Open<Row>(module, cls, options));

    private const string Protocol = "See linq2pyarrow.protocol.Source for the three methods and their arguments.";

    [Fact]
    public void A_missing_module_lists_the_searched_sys_path()
    {
        var ex = OpenFails("no_such_module", "Source");
        var sysPath = (string)TestPython.Run("import sys\nresult = repr(sys.path)")!;
        Assert.Equal(
            $"Python data source 'no_such_module.Source' failed in import: module 'no_such_module' was not found. sys.path searched: {sysPath}. " +
            "Fix: put the module in one of these directories, add its directory to PythonSourceSettings.SearchPaths, or set PYTHONPATH.", ex.Message);
        Assert.Equal(("no_such_module.Source", "import"), (ex.SourceName, ex.Operation));
    }

    [Fact]
    public void A_missing_class_lists_the_classes_of_the_module()
    {
        var ex = OpenFails("arrow_malformed", "NoSuchClass");
        Assert.Equal(
            "Python data source 'arrow_malformed.NoSuchClass' failed in import: module 'arrow_malformed' has no attribute 'NoSuchClass'. " +
            "Classes defined there: Batch, Malformed, Node, UnsupportedFormat.", ex.Message);
    }

    [Theory]
    [InlineData("NoReadPartition", "it has no method read_partition(partition_spec, options)")]
    [InlineData("WrongArity",
        "read_partition(partition_spec) does not fit the protocol, which calls it as read_partition(partition_spec, options, *, columns=..., filters=..., limit=...)")]
    [InlineData("NotCallable", "its attribute 'plan_partitions' is a 'int', not a method")]
    [InlineData("ExtraRequired", "infer_schema(options, dialect) does not fit the protocol, which calls it as infer_schema(options)")]
    public void Protocol_methods_that_are_missing_or_have_the_wrong_parameters(string cls, string problem)
    {
        var ex = OpenFails("scan_sources", cls);
        Assert.Equal(
            $"Python data source 'scan_sources.{cls}' failed in open: class '{cls}' does not implement the data source protocol: {problem}. {Protocol}",
            ex.Message);
        Assert.Equal("open", ex.Operation);
    }

    [Fact]
    public void A_class_that_cannot_be_instantiated_reports_the_python_error()
    {
        var ex = OpenFails("scan_sources", "NeedsArgument");
        Assert.Equal("TypeError", ex.PythonType);
        Assert.Equal("NeedsArgument.__init__() missing 1 required positional argument: 'connection'", ex.PythonMessage);
        Assert.Equal(
            $"Python data source 'scan_sources.NeedsArgument' failed in instantiate: TypeError: {ex.PythonMessage}{Environment.NewLine}{ex.PythonTraceback}",
            ex.Message);
    }

    [Theory]
    [InlineData("SchemaIsDict", "dict", "it implements neither __arrow_c_schema__ (Arrow PyCapsule protocol) nor pyarrow's _export_to_c")]
    [InlineData("SchemaIsField", "linq2pyarrow.arrow.types.Field",
        "its schema cannot be imported: Imported type is not a struct type, so it cannot be converted to a schema")]
    public void Infer_schema_must_return_an_arrow_schema(string cls, string type, string problem)
    {
        var ex = OpenFails("scan_sources", cls);
        Assert.Equal(
            $"Python data source 'scan_sources.{cls}' failed in infer_schema: it returned a '{type}', which is not a usable Arrow schema: {problem}. " +
            "Return pyarrow.schema([...]) or linq2pyarrow.arrow.schema([...]) (any object with __arrow_c_schema__ describing a struct of columns).",
            ex.Message);
        Assert.Equal("infer_schema", ex.Operation);
    }

    public sealed class MissingColumn
    {
        public long Id { get; set; }
        public string? Title { get; set; }
    }

    public sealed class WrongType
    {
        public long Id { get; set; }
        public int Name { get; set; }
    }

    public sealed class Renamed
    {
        [Column("id")] public long Key { get; set; }
        [Column("name")] public string? Label { get; set; }
        [NotMapped] public string Computed { get; set; } = "not from the source";
    }

    public sealed class BadRename
    {
        [Column("identifier")] public long Id { get; set; }
    }

    public sealed record Positional(long ID, [property: Column("flag")] bool IsEven);

    private const string Columns = "The source's columns: id (int64), name (string), score (double), ts (timestamp[us]), flag (bool).";

    [Fact]
    public void A_member_without_a_column_names_both_sides()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<MissingColumn>("l2pa_test_sources", "Rows"));
        Assert.Equal(
            "Row type 'Linq2PyArrow.Tests.Sources.OpenErrorTests.MissingColumn' does not match Python data source 'l2pa_test_sources.Rows': " +
            $"MissingColumn.Title (String) has no column named 'Title'. {Columns} Rename the member, map it with [Column(\"name\")], or mark it [NotMapped].",
            ex.Message);
        Assert.Equal(("l2pa_test_sources.Rows", "Title", "String", (string?)null), (ex.SourceName, ex.Column, ex.ExpectedType, ex.ActualType));
    }

    [Fact]
    public void A_member_of_an_incompatible_type_names_both_types()
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<WrongType>("l2pa_test_sources", "Rows"));
        Assert.Equal(
            "Row type 'Linq2PyArrow.Tests.Sources.OpenErrorTests.WrongType' does not match Python data source 'l2pa_test_sources.Rows': " +
            "WrongType.Name is Int32 but column 'name' is string, which cannot be read as that type. See the type mapping table in the README.",
            ex.Message);
        Assert.Equal(("name", "Int32", "string"), (ex.Column, ex.ExpectedType, ex.ActualType));
    }

    [Fact]
    public void Column_attributes_rename_and_NotMapped_skips()
    {
        var rows = PythonSource.Open<Renamed>("l2pa_test_sources", "Rows").ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), rows.Select(r => r.Key));
        Assert.Equal("name-3", rows[3].Label);
        Assert.All(rows, r => Assert.Equal("not from the source", r.Computed));
        var positional = PythonSource.Open<Positional>("l2pa_test_sources", "Rows").ToList();
        Assert.Equal(new Positional(4, true), positional[4]);
        var ex = Assert.Throws<SchemaMismatchException>(() => PythonSource.Open<BadRename>("l2pa_test_sources", "Rows"));
        Assert.Equal(
            "Row type 'Linq2PyArrow.Tests.Sources.OpenErrorTests.BadRename' does not match Python data source 'l2pa_test_sources.Rows': " +
            $"BadRename.Id (Int64) has no column named 'identifier'. {Columns} Rename the member, map it with [Column(\"name\")], or mark it [NotMapped].",
            ex.Message);
    }

    [Fact]
    public void The_spark_style_overload_and_GetSchema()
    {
        var rows = PythonSource.Open<Row>(new Dictionary<string, string>
        {
            [PythonSource.ModuleOption] = "l2pa_test_sources", [PythonSource.ClassOption] = "Rows", ["partitions"] = "1", ["rows"] = "3",
        }).ToList();
        Assert.Equal([0L, 1, 2], rows.Select(r => r.Id));
        var schema = PythonSource.GetSchema("l2pa_test_sources", "Rows");
        Assert.Equal(["id", "name", "score", "ts", "flag"], schema.FieldsList.Select(f => f.Name));
        var ex = Assert.Throws<ArgumentException>(() => PythonSource.Open<Row>(new Dictionary<string, string> { ["python_class"] = "Rows" }));
        Assert.Equal("The options do not name the module: set 'python_module' (and 'python_class'). (Parameter 'options')", ex.Message);
    }
}
