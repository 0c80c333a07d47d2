using System.ComponentModel.DataAnnotations.Schema;

namespace Linq2PyArrow.Tests.Integration;

/// <summary>The JDBC-style source against the real throwaway PostgreSQL cluster, through the public API.</summary>
public sealed class JdbcPostgresTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private const string Source = Samples.JdbcSource;
    private const string QueryError = "linq2pyarrow.jdbc.errors.JDBCQueryError", ConnectionError = "linq2pyarrow.jdbc.errors.JDBCConnectionError",
        OptionError = "linq2pyarrow.jdbc.errors.JDBCOptionError";
    private const string WrongPassword = "Wr0ng-Pa55word-7431";

    public sealed record TypedRow(long Id, short? Small, int? Medium, decimal? Amount, string? Name, bool? Flag, DateOnly? Day,
        DateTime? At, [property: Column("at_tz")] DateTimeOffset? AtTz, byte[]? Payload, TimeOnly? Clock, TimeSpan? Span, string? Doc,
        string? Ratio);

    public sealed record Number(int? N, string Label);

    public sealed record FragileId(int Id);

    public sealed record FragileBoom(int Id, int Boom);

    public sealed record EmptyRow(int? Id, string? Note, [property: Column("at_tz")] DateTimeOffset? AtTz);

    public sealed record NamedAmount(string? Name, decimal Amount);

    public sealed record Generated(long I, string Pad);

    private IQueryable<T> Open<T>(string table, params (string, string)[] extra) =>
        PythonSource.Open<T>(Samples.JdbcModule, Samples.JdbcClass, db.Options(table, extra));

    [PostgresFact]
    public void Reads_every_type_with_nulls_and_non_ascii_text()
    {
        var rows = Open<TypedRow>("types").OrderBy(r => r.Id).ToList();

        Assert.Equal([1L, 2L, long.MaxValue], rows.Select(r => r.Id));
        var first = rows[0];
        Assert.Equal((short)-32768, first.Small);
        Assert.Equal(int.MaxValue, first.Medium);
        Assert.Equal(1234567890.12m, first.Amount);
        Assert.Equal(PostgresDatabase.NonAscii, first.Name);
        Assert.True(first.Flag);
        Assert.Equal(new DateOnly(2024, 2, 29), first.Day);
        Assert.Equal(new DateTime(2024, 3, 1, 12, 30, 45, 123, 456), first.At);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 30, 45, 500, TimeSpan.Zero), first.AtTz);
        Assert.Equal(TimeSpan.Zero, first.AtTz!.Value.Offset);
        Assert.Equal(new byte[] { 0, 1, 255 }, first.Payload);
        Assert.Equal(new TimeOnly(13, 14, 15, 123, 456), first.Clock);
        Assert.Equal(new TimeSpan(1, 2, 3, 4, 500), first.Span);
        Assert.Equal("{\"a\": [1, \"ü\"]}", first.Doc); // json/jsonb: the JSON text
        Assert.Equal("3.14159265358979323846264338327950288419716939937510", first.Ratio); // unconstrained numeric: every digit

        Assert.Equal(new TypedRow(2, null, null, null, null, null, null, null, null, null, null, null, null, null), rows[1]);

        var last = rows[2];
        Assert.Equal((short)32767, last.Small);
        Assert.Equal(-1, last.Medium);
        Assert.Equal(-0.01m, last.Amount);
        Assert.Equal("", last.Name);
        Assert.False(last.Flag);
        Assert.Equal(DateOnly.MinValue, last.Day);
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, 999, 999), last.At);
        Assert.Equal(DateTimeOffset.UnixEpoch, last.AtTz);
        Assert.Equal([], last.Payload!);
        Assert.Equal(TimeOnly.MinValue, last.Clock);
        Assert.Equal(TimeSpan.FromSeconds(-1), last.Span);
        Assert.Equal("[]", last.Doc);
        Assert.Equal("0", last.Ratio);
    }

    [PostgresFact]
    public void The_binary_copy_and_the_cursor_read_paths_return_the_same_rows()
    {
        var copied = Open<TypedRow>("types", ("postgresRead", "copy")).OrderBy(r => r.Id).ToList();
        var fetched = Open<TypedRow>("types", ("postgresRead", "cursor")).OrderBy(r => r.Id).ToList();

        Assert.Equal(3, copied.Count);
        Assert.Equal(fetched.Select(r => r with { Payload = null }), copied.Select(r => r with { Payload = null }));
        Assert.Equal(fetched.Select(r => r.Payload), copied.Select(r => r.Payload));
    }

    [PostgresFact]
    public async Task Cancelling_a_query_mid_copy_ends_the_copy_and_closes_its_connection()
    {
        var url = db.Parsed;
        var tag = $"l2pa-cancel-copy-{Guid.NewGuid():N}"[..30];
        var options = new Dictionary<string, string>
        {
            ["url"] = $"jdbc:postgresql://{url.Host}:{url.Port}{url.AbsolutePath}?ApplicationName={tag}",
            ["user"] = Uri.UnescapeDataString(url.UserInfo.Split(':')[0]),
            ["password"] = Uri.UnescapeDataString(url.UserInfo.Split(':')[1]),
            ["query"] = "SELECT i::int8 AS i, repeat('x', 50) AS pad FROM generate_series(1, 5000000) AS i",
            ["fetchsize"] = "1000", ["postgresRead"] = "copy",
        };
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            var rows = PythonSource.Open<Generated>(Samples.JdbcModule, Samples.JdbcClass, options).AsAsyncEnumerable();
            await foreach (var row in rows.WithCancellation(cancellation.Token))
            {
                if (++seen == 1500)
                {
                    Assert.Equal(1, db.ConnectionsNamed(tag)); // the COPY's connection, mid-stream
                    await cancellation.CancelAsync();
                }
            }
        });

        var deadline = DateTime.UtcNow.AddSeconds(20);
        long open;
        while ((open = db.ConnectionsNamed(tag)) > 0 && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.Equal(0, open);
    }

    [PostgresFact]
    public void Declares_the_schema_from_the_catalog()
    {
        var schema = PythonSource.GetSchema(Samples.JdbcModule, Samples.JdbcClass, db.Options("types"));
        Assert.Equal(
            ["id: int64", "small: int16", "medium: int32", "amount: decimal128(38, 2)", "name: string", "flag: bool", "day: date32[day]",
             "at: timestamp[us]", "at_tz: timestamp[us, tz=UTC]", "payload: binary", "clock: time64[us]", "span: duration[us]",
             "doc: string", "ratio: string"],
            schema.FieldsList.Select(f => $"{f.Name}: {Linq2PyArrow.Arrow.ArrowTypeNames.Describe(f.DataType)}"));
    }

    [PostgresFact]
    public void Linq_filters_projections_and_aggregates_give_the_right_answers()
    {
        var numbers = Open<Number>("numbers");
        Assert.Equal(1004, numbers.Count());
        Assert.Equal(500_500L - 7 + 9000, numbers.Sum(n => (long)(n.N ?? 0)));
        Assert.Equal(["n998", "n999", "n1000"], numbers.Where(n => n.N > 997 && n.N <= 1000).OrderBy(n => n.N).Select(n => n.Label).ToArray());
        Assert.Equal(["null-1", "null-2"], numbers.Where(n => n.N == null).Select(n => n.Label).OrderBy(l => l).ToArray());
        Assert.Equal(1000.0 / 2 + 0.5, numbers.Where(n => n.N >= 1 && n.N <= 1000).Average(n => (double)n.N!.Value));
    }

    [PostgresFact]
    public void A_query_option_reads_the_querys_columns()
    {
        var options = new Dictionary<string, string>
        {
            ["url"] = db.Url,
            ["query"] = $"SELECT name, amount FROM {db.Schema}.types WHERE amount IS NOT NULL ORDER BY amount DESC",
        };
        var rows = PythonSource.Open<NamedAmount>(Samples.JdbcModule, Samples.JdbcClass, options).ToList();
        Assert.Equal([new NamedAmount(PostgresDatabase.NonAscii, 1234567890.12m), new NamedAmount("", -0.01m)], rows);
    }

    [PostgresFact]
    public void Range_partitions_return_every_row_once_including_nulls_and_rows_outside_the_bounds()
    {
        var progress = new ProgressLog();
        var options = db.Options("numbers", ("partitionColumn", "n"), ("lowerBound", "1"), ("upperBound", "1001"), ("numPartitions", "4"),
            ("fetchsize", "100"));
        var numbers = PythonSource.Open<Number>(Samples.JdbcModule, Samples.JdbcClass, options, new PythonSourceSettings { Progress = progress });

        var rows = numbers.ToList();

        Assert.Equal(1004, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Label).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(1, 1000).Select(n => $"n{n}").Concat(["below", "above", "null-1", "null-2"]).Order(),
            rows.Select(r => r.Label).Order());
        Assert.All(progress.Reports, p => Assert.Equal(4, p.PartitionsTotal)); // plan_partitions made 4 ranges
        Assert.True(progress.Reports.Max(p => p.Batches) >= 11, "fetchsize=100 streams batches of at most 100 rows");
        // Ordered scans keep partition order: partition 0 (n < 251 or NULL) precedes partition 3 (n >= 751).
        var labels = rows.Select(r => r.Label).ToList();
        Assert.True(labels.IndexOf("null-1") < labels.IndexOf("n751"));
        Assert.True(labels.IndexOf("below") < labels.IndexOf("above"));
    }

    [PostgresFact]
    public void Unordered_partitioned_scans_return_every_row_once()
    {
        var options = db.Options("numbers", ("partitionColumn", "n"), ("lowerBound", "1"), ("upperBound", "1001"), ("numPartitions", "7"),
            ("fetchsize", "64"));
        var settings = new PythonSourceSettings { Ordered = false, MaxDegreeOfParallelism = 3 };

        var labels = PythonSource.Open<Number>(Samples.JdbcModule, Samples.JdbcClass, options, settings).Select(n => n.Label).ToList();

        Assert.Equal(Enumerable.Range(1, 1000).Select(n => $"n{n}").Concat(["below", "above", "null-1", "null-2"]).Order(), labels.Order());
    }

    [PostgresFact]
    public void Stopping_early_closes_every_database_connection()
    {
        // The application name tags this test's connections in pg_stat_activity.
        var url = db.Parsed;
        var tag = $"l2pa-early-stop-{Guid.NewGuid():N}"[..30];
        var options = new Dictionary<string, string>
        {
            ["url"] = $"jdbc:postgresql://{url.Host}:{url.Port}{url.AbsolutePath}?ApplicationName={tag}",
            ["user"] = Uri.UnescapeDataString(url.UserInfo.Split(':')[0]),
            ["password"] = Uri.UnescapeDataString(url.UserInfo.Split(':')[1]),
            ["dbtable"] = $"{db.Schema}.numbers",
            ["partitionColumn"] = "n", ["lowerBound"] = "1", ["upperBound"] = "1001", ["numPartitions"] = "4", ["fetchsize"] = "10",
        };

        // No byte budget: the 1000 rows would otherwise all be read ahead (and the connections closed) before the check.
        var settings = PythonSourceSettings.Default with { ReadAheadBytes = 0 };
        using (var rows = PythonSource.Open<Number>(Samples.JdbcModule, Samples.JdbcClass, options, settings).GetEnumerator())
        {
            for (var i = 0; i < 5; i++) Assert.True(rows.MoveNext());
            // Mid-scan the partitions' server-side cursors are open (workers wait for room in their read-ahead).
            Assert.True(db.ConnectionsNamed(tag) > 0, "the application name should tag the source's connections");
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        long open;
        while ((open = db.ConnectionsNamed(tag)) > 0 && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.Equal(0, open);
    }

    [PostgresFact]
    public void Only_the_bound_columns_are_read()
    {
        // The view's 'boom' column divides by zero: a row type without it proves it was never selected.
        Assert.Equal([1, 2, 3], Open<FragileId>("fragile").Select(f => f.Id).Order().ToArray());

        var ex = Assert.Throws<PythonDataSourceException>(() => Open<FragileBoom>("fragile").ToList());
        Failures.Check(ex, Source, "read_partition", QueryError,
            $"PostgreSQL rejected the query (while reading a partition): ERROR:  division by zero; SQL: " +
            $"SELECT \"id\", \"boom\" FROM {db.Schema}.fragile", partition: 0);
    }

    [PostgresFact]
    public void An_empty_table_still_has_its_schema_and_no_rows()
    {
        var schema = PythonSource.GetSchema(Samples.JdbcModule, Samples.JdbcClass, db.Options("empty"));
        Assert.Equal(["id", "note", "at_tz"], schema.FieldsList.Select(f => f.Name));
        Assert.Empty(Open<EmptyRow>("empty").ToList());
        Assert.Equal(0, Open<EmptyRow>("empty").Count());
    }

    [PostgresFact]
    public void A_wrong_password_in_the_url_fails_at_open_without_showing_it()
    {
        var url = db.Parsed;
        var badUrl = $"postgresql://l2pa:{WrongPassword}@{url.Host}:{url.Port}{url.AbsolutePath}";
        var options = new Dictionary<string, string> { ["url"] = badUrl, ["dbtable"] = $"{db.Schema}.types" };

        var ex = Failures.Assert(() => PythonSource.Open<TypedRow>(Samples.JdbcModule, Samples.JdbcClass, options), Source, "infer_schema",
            ConnectionError, WrongPasswordMessage(url));
        Failures.DoesNotLeak(ex, WrongPassword);
    }

    [PostgresFact]
    public void A_wrong_password_option_fails_at_open_without_showing_it()
    {
        var url = db.Parsed;
        var options = new Dictionary<string, string>
        {
            ["url"] = $"jdbc:postgresql://{url.Host}:{url.Port}{url.AbsolutePath}",
            ["user"] = "l2pa",
            ["password"] = WrongPassword,
            ["dbtable"] = $"{db.Schema}.types",
        };

        var ex = Failures.Assert(() => PythonSource.Open<TypedRow>(Samples.JdbcModule, Samples.JdbcClass, options), Source, "infer_schema",
            ConnectionError, WrongPasswordMessage(url));
        Failures.DoesNotLeak(ex, WrongPassword);
    }

    [PostgresFact]
    public void A_missing_table_fails_at_open_with_the_databases_message()
    {
        Failures.Assert(() => Open<TypedRow>("no_such_table"), Source, "infer_schema", QueryError,
            $"PostgreSQL rejected the query (check the 'dbtable' or 'query' option): ERROR:  relation \"{db.Schema}.no_such_table\" " +
            $"does not exist; SQL: SELECT * FROM {db.Schema}.no_such_table LIMIT 0");
    }

    [PostgresFact]
    public void A_bad_url_fails_at_open_naming_the_problem_with_the_password_masked()
    {
        var url = db.Parsed;
        var options = new Dictionary<string, string>
        {
            ["url"] = $"jdbc:postgresql://{url.Host}:{url.Port}{url.AbsolutePath}?user=l2pa&password={WrongPassword}&sslmod=disable",
            ["dbtable"] = $"{db.Schema}.types",
        };

        var ex = Failures.Assert(() => PythonSource.Open<TypedRow>(Samples.JdbcModule, Samples.JdbcClass, options), Source, "infer_schema",
            OptionError,
            $"option 'url' (jdbc:postgresql://{url.Host}:{url.Port}{url.AbsolutePath}?user=l2pa&password=***&sslmod=disable): " +
            "unsupported query parameter 'sslmod'; supported: application_name, applicationname, connect_timeout, connecttimeout, " +
            "options, password, ssl, sslmode, user");
        Failures.DoesNotLeak(ex, WrongPassword);
    }

    [PostgresFact]
    public void An_unreachable_server_fails_at_open()
    {
        var url = db.Parsed;
        var options = new Dictionary<string, string> { ["url"] = $"jdbc:postgresql://127.0.0.1:1{url.AbsolutePath}", ["user"] = "l2pa", ["dbtable"] = "t" };
        Failures.Assert(() => PythonSource.Open<TypedRow>(Samples.JdbcModule, Samples.JdbcClass, options), Source, "infer_schema",
            ConnectionError,
            $"cannot connect to PostgreSQL at 127.0.0.1:1{url.AbsolutePath} as user 'l2pa': connection to server at \"127.0.0.1\", port 1 " +
            "failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections? " +
            "(check the 'url', 'user' and 'password' options)");
    }

    private static string WrongPasswordMessage(Uri url) =>
        $"cannot connect to PostgreSQL at {url.Host}:{url.Port}{url.AbsolutePath} as user 'l2pa': connection to server at \"{url.Host}\", " +
        $"port {url.Port} failed: FATAL:  password authentication failed for user \"l2pa\" (check the 'url', 'user' and 'password' options)";
}
