using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Npgsql;

namespace Linq2PyArrow.Benchmarks.Database;

/// <summary>
/// A PostgreSQL table read into typed rows: through linq2pyarrow.jdbc (JDBCArrowDataSource over psycopg2,
/// Arrow batches into the provider) against Npgsql reading the same table in .NET. Reported, not targeted.
/// Needs LINQ2PYARROW_TEST_PG_URL (scripts/pg-cluster.sh); without it both benchmarks return at once.
/// </summary>
[MemoryDiagnoser]
public class PostgresBenchmarks
{
    public const string UrlVariable = "LINQ2PYARROW_TEST_PG_URL";
    private static int Rows => BenchData.Smoke ? 1000 : 1_000_000;
    private string? _connectionString;
    private string _table = "";
    private IQueryable<Row> _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrEmpty(url))
        {
            Console.WriteLine($"// PostgresBenchmarks: {UrlVariable} is not set; skipped (both benchmarks return at once).");
            return;
        }
        var uri = new Uri(url);
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]);
        var database = uri.AbsolutePath.TrimStart('/');
        _connectionString = $"Host={uri.Host};Port={uri.Port};Database={database};Username={user};Password={password}";
        _table = $"l2pa_bench_rows_{Rows}";
        using (var connection = new NpgsqlConnection(_connectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand(
                $"DROP TABLE IF EXISTS {_table}; " +
                $"CREATE TABLE {_table} (id bigint PRIMARY KEY, score double precision NOT NULL, name text NOT NULL, " +
                "ts timestamp NOT NULL, flag boolean NOT NULL); " +
                $"INSERT INTO {_table} SELECT i, i * 0.5, 'name-' || i, TIMESTAMP '2024-01-01' + i * INTERVAL '1 second', i % 2 = 0 " +
                $"FROM generate_series(0, {Rows - 1}) AS i; ANALYZE {_table};", connection);
            create.ExecuteNonQuery();
        }
        _query = PythonSource.Open<Row>("linq2pyarrow.jdbc.datasource", "JDBCArrowDataSource", new Dictionary<string, string>
        {
            ["url"] = $"jdbc:postgresql://{uri.Host}:{uri.Port}/{database}", ["user"] = user, ["password"] = password,
            ["dbtable"] = _table, ["fetchsize"] = "65536",
        });
        Kernels.Check(Npgsql().Count == Rows && Jdbc().Count == Rows, "row count");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_connectionString is null) return;
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {_table}", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>Npgsql: SELECT into List&lt;Row&gt; with typed getters.</summary>
    [Benchmark(Baseline = true)]
    public List<Row> Npgsql()
    {
        var rows = new List<Row>();
        if (_connectionString is null) return rows;
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT id, score, name, ts, flag FROM {_table}", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Row
            {
                Id = reader.GetInt64(0), Score = reader.GetDouble(1), Name = reader.GetString(2),
                Ts = reader.GetDateTime(3), Flag = reader.GetBoolean(4),
            });
        }
        return rows;
    }

    /// <summary>linq2pyarrow.jdbc through the provider: query.ToList().</summary>
    [Benchmark]
    public List<Row> Jdbc() => _connectionString is null ? [] : _query.ToList();
}
