namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// Tables in a schema of its own (so concurrent runs and the Python suites never collide) in the throwaway
/// cluster named by LINQ2PYARROW_TEST_PG_URL, created through psycopg2 in the embedded Python and dropped on
/// dispose. Does nothing when the variable is unset: the tests are then skipped by <see cref="PostgresFactAttribute"/>.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    public const string NonAscii = "Zürich – 東京 😀 ß";

    public PostgresDatabase()
    {
        Url = PostgresFactAttribute.Url ?? "";
        if (Url.Length == 0) return;
        Run("""
            cur.execute(f'CREATE SCHEMA {schema}')
            cur.execute(f'''CREATE TABLE {schema}.types (id int8 PRIMARY KEY, small int2, medium int4, amount numeric(12, 2),
                            name text, flag bool, day date, at timestamp, at_tz timestamptz, payload bytea,
                            clock time, span interval, doc jsonb, ratio numeric)''')
            cur.execute(f'''INSERT INTO {schema}.types VALUES
                (1, -32768, 2147483647, 1234567890.12, %s, true, '2024-02-29', '2024-03-01 12:30:45.123456',
                 '2024-03-01 12:30:45.5+02', '\\x0001ff', '13:14:15.123456', '1 day 02:03:04.5', '{{"a": [1, "ü"]}}',
                 3.14159265358979323846264338327950288419716939937510),
                (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                (9223372036854775807, 32767, -1, -0.01, '', false, '0001-01-01', '1969-12-31 23:59:59.999999',
                 '1970-01-01 00:00:00+00', '', '00:00', '-00:00:01', '[]', 0)''', (non_ascii,))
            cur.execute(f'CREATE TABLE {schema}.numbers (n int4, label text)')
            cur.execute(f'''INSERT INTO {schema}.numbers
                SELECT g, 'n' || g FROM generate_series(1, 1000) g
                UNION ALL VALUES (-7, 'below'), (9000, 'above'), (NULL, 'null-1'), (NULL, 'null-2')''')
            # 'boom' divides by zero for every row: only reading it fails.
            cur.execute(f'CREATE VIEW {schema}.fragile AS SELECT n AS id, 100 / (n - n) AS boom FROM {schema}.numbers WHERE n BETWEEN 1 AND 3')
            cur.execute(f'CREATE TABLE {schema}.empty (id int4, note text, at_tz timestamptz)')
            """);
    }

    public string Url { get; }

    public string Schema { get; } = $"l2pa_net_{Guid.NewGuid():N}"[..20];

    public Dictionary<string, string> Options(string table, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string> { ["url"] = Url, ["dbtable"] = $"{Schema}.{table}" };
        foreach (var (key, value) in extra) options[key] = value;
        return options;
    }

    public Uri Parsed => new(Url);

    /// <summary>Open server connections with this application_name.</summary>
    public long ConnectionsNamed(string applicationName) => Convert.ToInt64(PythonScript.Eval("""
        import psycopg2
        conn = psycopg2.connect(url)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (name,))
                count = cur.fetchone()[0]
        finally:
            conn.close()
        """, "count", new Dictionary<string, object?> { ["url"] = Url, ["name"] = applicationName }));

    public void Dispose()
    {
        if (Url.Length > 0) Run("cur.execute(f'DROP SCHEMA IF EXISTS {schema} CASCADE')");
    }

    private void Run(string statements) => PythonScript.Run($$"""
        import psycopg2
        conn = psycopg2.connect(url)
        try:
            with conn, conn.cursor() as cur:
        {{string.Join("\n", statements.Split('\n').Select(line => "        " + line))}}
        finally:
            conn.close()
        """, new Dictionary<string, object?> { ["url"] = Url, ["schema"] = Schema, ["non_ascii"] = NonAscii });
}
