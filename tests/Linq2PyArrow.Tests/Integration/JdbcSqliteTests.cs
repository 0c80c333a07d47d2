namespace Linq2PyArrow.Tests.Integration;

/// <summary>The JDBC-style source over real SQLite files, through the public API.</summary>
public sealed class JdbcSqliteTests(SqliteDatabase db) : IClassFixture<SqliteDatabase>
{
    private const string Source = Samples.JdbcSource;
    private const string QueryError = "linq2pyarrow.jdbc.errors.JDBCQueryError", ConnectionError = "linq2pyarrow.jdbc.errors.JDBCConnectionError",
        OptionError = "linq2pyarrow.jdbc.errors.JDBCOptionError";

    public sealed record Person(long Id, string? Name, double? Score, bool? Active, DateOnly? Born, DateTime? Seen, byte[]? Photo);

    public sealed record Number(long? N, string Label);

    public sealed record EmptyRow(long? Id, string? Note);

    public sealed record MixedId(long Id);

    public sealed record MixedBad(long Id, long? Bad);

    private IQueryable<T> Open<T>(string table, params (string, string)[] extra) =>
        PythonSource.Open<T>(Samples.JdbcModule, Samples.JdbcClass, db.Options(table, extra));

    [Fact]
    public void Reads_every_type_with_nulls_and_non_ascii_text()
    {
        var people = Open<Person>("people").OrderBy(p => p.Id).ToList();

        Assert.Equal([1L, 2L, 3L], people.Select(p => p.Id));
        var first = people[0];
        Assert.Equal(SqliteDatabase.NonAscii, first.Name);
        Assert.Equal(9.5, first.Score);
        Assert.True(first.Active);
        Assert.Equal(new DateOnly(1990, 5, 17), first.Born);
        Assert.Equal(new DateTime(2024, 3, 1, 12, 30, 45, 123, 456), first.Seen);
        Assert.Equal(new byte[] { 0, 1, 255 }, first.Photo);

        Assert.Equal(new Person(2, null, null, null, null, null, null), people[1]);

        var third = people[2];
        Assert.False(third.Active);
        Assert.Equal(new DateOnly(2000, 2, 29), third.Born);
        Assert.Equal(new DateTime(2024, 3, 1, 21, 0, 0), third.Seen); // +02:00 normalised to UTC
        Assert.Equal([], third.Photo!);
    }

    [Fact]
    public void Declares_the_schema_from_the_declared_types()
    {
        var schema = PythonSource.GetSchema(Samples.JdbcModule, Samples.JdbcClass, db.Options("people"));
        Assert.Equal(
            ["id: int64", "name: string", "score: double", "active: bool", "born: date32[day]", "seen: timestamp[us]", "photo: binary"],
            schema.FieldsList.Select(f => $"{f.Name}: {Linq2PyArrow.Arrow.ArrowTypeNames.Describe(f.DataType)}"));
    }

    [Fact]
    public void Linq_filters_projections_and_aggregates_give_the_right_answers()
    {
        var numbers = Open<Number>("numbers");
        Assert.Equal(504, numbers.Count());
        Assert.Equal(125_250 - 7 + 9000, numbers.Sum(n => n.N ?? 0));
        Assert.Equal(["n498", "n499", "n500"], numbers.Where(n => n.N > 497 && n.N <= 500).OrderBy(n => n.N).Select(n => n.Label).ToArray());
        Assert.Equal(["null-1", "null-2"], numbers.Where(n => n.N == null).Select(n => n.Label).ToArray());
    }

    [Fact]
    public void Range_partitions_return_every_row_once_including_nulls_and_rows_outside_the_bounds()
    {
        var progress = new ProgressLog();
        var options = db.Options("numbers", ("partitionColumn", "n"), ("lowerBound", "1"), ("upperBound", "501"), ("numPartitions", "4"));
        var numbers = PythonSource.Open<Number>(Samples.JdbcModule, Samples.JdbcClass, options, new PythonSourceSettings { Progress = progress });

        var labels = numbers.Select(n => n.Label).ToList();

        Assert.Equal(504, labels.Count);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Contains("null-1", labels);
        Assert.Contains("null-2", labels);
        Assert.Contains("below", labels);
        Assert.Contains("above", labels);
        Assert.NotEmpty(progress.Reports);
        Assert.All(progress.Reports, p => Assert.Equal(4, p.PartitionsTotal)); // plan_partitions made 4 ranges
        // Ordered scans keep partition order: partition 0 (n < 126 or NULL) comes before partition 3 (n >= 376).
        Assert.True(labels.IndexOf("null-1") < labels.IndexOf("n376"));
        Assert.True(labels.IndexOf("below") < labels.IndexOf("above"));
    }

    [Fact]
    public void An_empty_table_still_has_its_schema_and_no_rows()
    {
        var schema = PythonSource.GetSchema(Samples.JdbcModule, Samples.JdbcClass, db.Options("empty"));
        Assert.Equal(["id", "note"], schema.FieldsList.Select(f => f.Name));
        Assert.Empty(Open<EmptyRow>("empty").ToList());
        Assert.Equal(0, Open<EmptyRow>("empty").Count());
    }

    [Fact]
    public void Only_the_bound_columns_are_read()
    {
        // 'bad' holds text in an INTEGER column: reading it fails, so a row type without it proves it was never selected.
        Assert.Equal([1L, 2L], Open<MixedId>("mixed").Select(m => m.Id).ToArray());

        var ex = Assert.Throws<PythonDataSourceException>(() => Open<MixedBad>("mixed").ToList());
        Failures.Check(ex, Source, "read_partition", QueryError,
            "column 'bad': cannot convert a value to int64: str value 'not a number' is not an integer", partition: 0);
    }

    [Fact]
    public void A_missing_table_fails_at_open_with_the_databases_message()
    {
        Failures.Assert(() => Open<EmptyRow>("no_such_table"), Source, "infer_schema", QueryError,
            "SQLite rejected the source no_such_table (check the 'dbtable' or 'query' option): no such table: no_such_table");
    }

    [Fact]
    public void A_missing_database_file_fails_at_open()
    {
        var path = Path.Combine(Path.GetDirectoryName(db.Path)!, "missing.sqlite");
        var options = new Dictionary<string, string> { ["url"] = $"jdbc:sqlite:{path}", ["dbtable"] = "people" };
        Failures.Assert(() => PythonSource.Open<EmptyRow>(Samples.JdbcModule, Samples.JdbcClass, options), Source, "infer_schema",
            ConnectionError, $"option 'url': SQLite database file '{path}' does not exist");
    }

    [Fact]
    public void A_bad_url_fails_at_open_naming_the_supported_schemes()
    {
        var options = new Dictionary<string, string> { ["url"] = "jdbc:mysql://db.example/shop", ["dbtable"] = "people" };
        Failures.Assert(() => PythonSource.Open<EmptyRow>(Samples.JdbcModule, Samples.JdbcClass, options), Source, "infer_schema",
            OptionError,
            "option 'url' (jdbc:mysql://db.example/shop): unsupported scheme 'jdbc:mysql'; supported: jdbc:postgresql, postgresql, jdbc:sqlite, sqlite");
    }
}
