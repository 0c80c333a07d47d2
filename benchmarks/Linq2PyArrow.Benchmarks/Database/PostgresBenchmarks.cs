using BenchmarkDotNet.Attributes;
using Linq2PyArrow.Benchmarks.Infrastructure;
using Npgsql;

namespace Linq2PyArrow.Benchmarks.Database;

/// <summary>
/// A PostgreSQL table of 1M rows (bigint, int, float8, text, timestamp, bool; NULLs in every nullable column) read
/// through linq2pyarrow.jdbc (JDBCArrowDataSource: binary COPY decoded with numpy, and the server-side cursor path
/// for reference) against Npgsql reading the same rows in .NET. Targets (issue 13): Jdbc / Npgsql ≤ 1.5×,
/// JdbcBatches / Npgsql ≤ 1.2×. Needs LINQ2PYARROW_TEST_PG_URL (scripts/pg-cluster.sh); without it every
/// benchmark returns at once.
/// </summary>
[MemoryDiagnoser]
public class PostgresBenchmarks
{
    public const string UrlVariable = "LINQ2PYARROW_TEST_PG_URL";
    private const string Columns = "id, qty, price, name, ts, flag";
    private static int Rows => BenchData.Smoke ? 1000 : 1_000_000;
    private string? _connectionString;
    private string _table = "";
    private IQueryable<PgRow> _copy = null!, _cursor = null!;

    /// <summary>One row; every column but the key can be NULL.</summary>
    public sealed class PgRow
    {
        public long Id { get; set; }
        public int? Qty { get; set; }
        public double? Price { get; set; }
        public string? Name { get; set; }
        public DateTime? Ts { get; set; }
        public bool? Flag { get; set; }
    }

    /// <summary>What the batch-level benchmarks compute: every value of every column is read.</summary>
    public readonly record struct Checksum(long Rows, long Ids, long Qty, long HalfPrices, long NameBytes, long Ticks, long Flags);

    [GlobalSetup]
    public void Setup()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrEmpty(url))
        {
            Console.WriteLine($"// PostgresBenchmarks: {UrlVariable} is not set; skipped (every benchmark returns at once).");
            return;
        }
        var uri = new Uri(url);
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]);
        var database = uri.AbsolutePath.TrimStart('/');
        _connectionString = $"Host={uri.Host};Port={uri.Port};Database={database};Username={user};Password={password}";
        _table = $"l2pa_bench_nullable_{Rows}";
        using (var connection = new NpgsqlConnection(_connectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand(
                $"DROP TABLE IF EXISTS {_table}; " +
                $"CREATE TABLE {_table} (id bigint PRIMARY KEY, qty int, price double precision, name text, ts timestamp, flag boolean); " +
                $"INSERT INTO {_table} SELECT i, CASE WHEN i % 17 = 1 THEN NULL ELSE i % 1000 END, CASE WHEN i % 19 = 2 THEN NULL ELSE i * 0.5 END, " +
                "CASE WHEN i % 23 = 3 THEN NULL ELSE 'name-' || i END, " +
                "CASE WHEN i % 29 = 4 THEN NULL ELSE TIMESTAMP '2024-01-01' + i * INTERVAL '1 second' END, " +
                $"CASE WHEN i % 31 = 5 THEN NULL ELSE i % 2 = 0 END FROM generate_series(0, {Rows - 1}) AS i; ANALYZE {_table};", connection);
            create.ExecuteNonQuery();
        }
        IQueryable<PgRow> Open(string read) => PythonSource.Open<PgRow>("linq2pyarrow.jdbc.datasource", "JDBCArrowDataSource",
            new Dictionary<string, string>
            {
                ["url"] = $"jdbc:postgresql://{uri.Host}:{uri.Port}/{database}", ["user"] = user, ["password"] = password,
                ["dbtable"] = _table, ["fetchsize"] = "65536", ["postgresRead"] = read,
            });
        _copy = Open("copy");
        _cursor = Open("cursor");

        var expected = Npgsql().ToDictionary(r => r.Id);
        Kernels.Check(expected.Count == Rows, "row count");
        foreach (var (name, rows) in new[] { ("copy", Jdbc()), ("cursor", JdbcCursor()) })
        {
            Kernels.Check(rows.Count == Rows, $"{name} row count");
            foreach (var index in new[] { 0, 1, 2, 3, 4, 5, Rows - 1 })
            {
                var (a, b) = (expected[rows[index].Id], rows[index]);
                Kernels.Check(a.Id == b.Id && a.Qty == b.Qty && a.Price == b.Price && a.Name == b.Name && a.Ts == b.Ts && a.Flag == b.Flag,
                    $"{name} row {index}");
            }
        }
        var sums = JdbcBatches();
        Kernels.Check(sums == NpgsqlAggregate() && sums.Rows == Rows, $"batch checksum {sums}");
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

    /// <summary>Npgsql: SELECT into List&lt;PgRow&gt; with typed getters and IsDBNull.</summary>
    [Benchmark(Baseline = true)]
    public List<PgRow> Npgsql()
    {
        var rows = new List<PgRow>();
        if (_connectionString is null) return rows;
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_table}", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new PgRow
            {
                Id = reader.GetInt64(0),
                Qty = reader.IsDBNull(1) ? null : reader.GetInt32(1),
                Price = reader.IsDBNull(2) ? null : reader.GetDouble(2),
                Name = reader.IsDBNull(3) ? null : reader.GetString(3),
                Ts = reader.IsDBNull(4) ? null : reader.GetDateTime(4),
                Flag = reader.IsDBNull(5) ? null : reader.GetBoolean(5),
            });
        }
        return rows;
    }

    /// <summary>linq2pyarrow.jdbc (binary COPY) through the provider: query.ToList().</summary>
    [Benchmark]
    public List<PgRow> Jdbc() => _connectionString is null ? [] : _copy.ToList();

    /// <summary>linq2pyarrow.jdbc through the server-side cursor path (postgresRead=cursor, the path without numpy).</summary>
    [Benchmark]
    public List<PgRow> JdbcCursor() => _connectionString is null ? [] : _cursor.ToList();

    /// <summary>linq2pyarrow.jdbc (binary COPY), columnar: AggregateBatches reading every value of every column.</summary>
    [Benchmark]
    public Checksum JdbcBatches() => _connectionString is null ? default : _copy.AggregateBatches(default(Checksum), static (sum, batch) =>
    {
        var ids = batch.Values<long>("id");
        var qty = batch.Values<int>("qty");
        var qtyValid = batch.Validity("qty");
        var price = batch.Values<double>("price");
        var priceValid = batch.Validity("price");
        var names = batch.Strings("name");
        var ticks = batch.Values<long>("ts");
        var tsValid = batch.Validity("ts");
        var flags = batch.Booleans("flag");
        var (idSum, qtySum, priceSum, nameBytes, tickSum, flagCount) = (0L, 0L, 0L, 0L, 0L, 0L);
        for (var i = 0; i < batch.RowCount; i++)
        {
            idSum += ids[i];
            if (qtyValid.IsValid(i)) qtySum += qty[i];
            if (priceValid.IsValid(i)) priceSum += (long)(price[i] * 2);
            if (!names.IsNull(i)) nameBytes += names.GetBytes(i).Length;
            if (tsValid.IsValid(i)) tickSum += ticks[i] / 1_000_000;
            if (!flags.IsNull(i) && flags[i]) flagCount++;
        }
        return new Checksum(sum.Rows + batch.RowCount, sum.Ids + idSum, sum.Qty + qtySum, sum.HalfPrices + priceSum, sum.NameBytes + nameBytes,
            sum.Ticks + tickSum, sum.Flags + flagCount);
    }, "id", "qty", "price", "name", "ts", "flag");

    /// <summary>Npgsql computing the same checksum straight from the reader (no row objects).</summary>
    [Benchmark]
    public Checksum NpgsqlAggregate()
    {
        if (_connectionString is null) return default;
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_table}", connection);
        using var reader = command.ExecuteReader();
        var (rows, idSum, qtySum, priceSum, nameBytes, tickSum, flagCount) = (0L, 0L, 0L, 0L, 0L, 0L, 0L);
        while (reader.Read())
        {
            rows++;
            idSum += reader.GetInt64(0);
            if (!reader.IsDBNull(1)) qtySum += reader.GetInt32(1);
            if (!reader.IsDBNull(2)) priceSum += (long)(reader.GetDouble(2) * 2);
            if (!reader.IsDBNull(3)) nameBytes += reader.GetString(3).Length; // ASCII names: chars = UTF-8 bytes
            if (!reader.IsDBNull(4)) tickSum += (reader.GetDateTime(4) - DateTime.UnixEpoch).Ticks / 10 / 1_000_000;
            if (!reader.IsDBNull(5) && reader.GetBoolean(5)) flagCount++;
        }
        return new Checksum(rows, idSum, qtySum, priceSum, nameBytes, tickSum, flagCount);
    }
}
