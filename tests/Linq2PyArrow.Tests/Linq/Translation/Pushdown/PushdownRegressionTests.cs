using System.Linq.Expressions;

namespace Linq2PyArrow.Tests.Linq.Translation.Pushdown;

/// <summary>
/// The wrong answers differential testing found (issues 12 §8 and 13 §1), each against a source that applies the
/// pushed filters exactly (pushdown_sources.IssueRows: ids 1-3, k = 5/6/7 as int32, r = NaN/1.5/2.5, t = U+FFFD/a/b)
/// and, for the SQL rendering, against SQLite and PostgreSQL: the answer is LINQ to Objects', and the filter that
/// used to be pushed no longer is.
/// </summary>
public sealed class PushdownRegressionTests
{
    public sealed class IssueRow
    {
        public long Id { get; set; }
        public int K { get; set; }
        public double? R { get; set; }
        public string? T { get; set; }
    }

    private static readonly IssueRow[] Rows =
    [
        new() { Id = 1, K = 5, R = double.NaN, T = "\uFFFD" },
        new() { Id = 2, K = 6, R = 1.5, T = "a" },
        new() { Id = 3, K = 7, R = 2.5, T = "b" },
    ];

    /// <summary>The rows of the SQL tables (SQLite has only 64-bit integers).</summary>
    public sealed class SqlIssueRow
    {
        public long Id { get; set; }
        public long K { get; set; }
        public double? R { get; set; }
        public string? T { get; set; }
    }

    private static void Check(long[] expected, string expectedPushed, Expression<Func<IssueRow, bool>> predicate)
    {
        var (ids, pushed) = Run(predicate);
        Assert.Equal(expected, ids);
        Assert.Equal(expectedPushed, pushed);
    }

    private static (List<long> Ids, string Pushed) Run(Expression<Func<IssueRow, bool>> predicate)
    {
        var tag = Guid.NewGuid().ToString("N");
        var source = PythonSource.Open<IssueRow>("pushdown_sources", "IssueRows", new Dictionary<string, string> { ["tag"] = tag });
        var ids = source.Where(predicate).Select(r => r.Id).ToList();
        var pushed = (string)PythonScript.Eval("import pushdown_sources", "pushdown_sources.IssueRows.pushed.pop(tag)",
            new Dictionary<string, object?> { ["tag"] = tag })!;
        Assert.Equal(Rows.AsQueryable().Where(predicate).Select(r => r.Id).ToList(), ids);
        return (ids, pushed);
    }

    [Fact]
    public void Object_equals_with_nan_keeps_the_nan_row()
    {
        // Pushed as ('r', '==', nan) before: the floating-point check saw the boxed object type.
        Check([1L], "None", x => Equals(x.R, double.NaN));
    }

    [Fact]
    public void Negated_object_equals_across_types_keeps_every_row()
    {
        // object.Equals(int, long) is always false; pushed as ('k', '!=', 5) before, losing row 1 everywhere.
        Check([1L, 2, 3], "None", x => !Equals(x.K, 5L));
        Check([2L, 3], "[[('k', '!=', 5)]]", x => !Equals(x.K, 5));
        object boxed = 5L; // a captured object: its runtime type decides, at every execution
        Check([1L, 2, 3], "None", x => !Equals(x.K, boxed));
        boxed = 5;
        Check([2L, 3], "[[('k', '!=', 5)]]", x => !Equals(x.K, boxed));
    }

    [Fact]
    public void Contains_pushes_only_with_the_default_comparer()
    {
        // C# 14 binds array.Contains(x) to the span overload with an optional comparer.
        Check([2L], "[[('r', 'in', [1.5])]]", x => new double?[] { 1.5 }.Contains(x.R));
        Check([2L], "None", x => new[] { "A" }.Contains(x.T, StringComparer.OrdinalIgnoreCase));
        Check([2L], "[[('t', 'in', ['a'])]]", x => new[] { "a" }.Contains(x.T, EqualityComparer<string?>.Default));
    }

    [Fact]
    public void Negated_ordering_against_nan_keeps_every_row()
    {
        // !(k <= NaN) is true for every k; flipped to ('k', '>', nan) before, which holds for none.
        Check([1L, 2, 3], "None", x => !(x.K <= double.NaN));
        var nan = double.NaN;
        Check([1L, 2, 3], "None", x => !(x.K > nan));
        Check([2L, 3], "[[('k', '>', 5.5)]]", x => !(x.K <= 5.5));
    }

    [Fact]
    public void Lone_surrogate_strings_are_not_pushed()
    {
        // "\uD800" reached Python through UTF-8 as U+FFFD, so ('t', '!=', '\ufffd') lost row 1.
        Check([1L, 2, 3], "None", x => x.T != "\uD800");
        Check([1L, 2, 3], "None", x => !new[] { "\uD800", "z" }.Contains(x.T));
        Check([1L], "[[('t', '==', '\ufffd')]]", x => x.T == "\uFFFD");
    }

    [Fact]
    public void Nan_constants_are_never_pushed()
    {
        Check([], "None", x => x.R == double.NaN);
        Check([1L, 2, 3], "None", x => x.R != double.NaN);
        Check([1L, 2], "None", x => new double?[] { double.NaN, 1.5 }.Contains(x.R)); // Contains finds NaN
        Check([2L], "[[('r', 'in', [1.5])]]", x => new double?[] { 1.5 }.Contains(x.R));
    }

    [Fact]
    public void Sqlite_filters_with_nan_and_nul_strings_give_linq_answers()
    {
        using var database = new SqliteDatabase();
        PythonScript.Run("""
            import sqlite3
            conn = sqlite3.connect(path)
            conn.execute("CREATE TABLE issue (id INTEGER NOT NULL, k INTEGER NOT NULL, r REAL, t TEXT)")
            conn.executemany("INSERT INTO issue VALUES (?, ?, ?, ?)", [(1, 5, float("nan"), "a\x00b"), (2, 6, 1.5, "a"), (3, 7, 2.5, "b")])
            conn.commit()
            conn.close()
            """, new Dictionary<string, object?> { ["path"] = database.Path });
        var source = PythonSource.Open<SqlIssueRow>("linq2pyarrow.jdbc.datasource", "JDBCArrowDataSource", database.Options("issue"));
        var rows = source.ToList();
        Assert.Null(rows[0].R); // SQLite stores NaN as NULL
        Assert.Equal([1L, 2, 3], source.Where(x => x.R != double.NaN).Select(x => x.Id).ToList());
        Assert.Equal(1, source.Count(x => x.T == "a\0b"));
        Assert.Equal(2, source.Count(x => x.T != "a\0b"));
    }

    [PostgresFact]
    public void Postgres_filters_with_nan_and_nul_strings_give_linq_answers()
    {
        using var database = new PostgresDatabase();
        PythonScript.Run("""
            import psycopg2
            conn = psycopg2.connect(url)
            with conn, conn.cursor() as cur:
                cur.execute(f"CREATE TABLE {table} (id int8 NOT NULL, k int4 NOT NULL, r float8, t text)")
                cur.execute(f"INSERT INTO {table} VALUES (1, 5, 'NaN', 'x'), (2, 6, 1.5, 'a'), (3, 7, 2.5, 'b')")
            conn.close()
            """, new Dictionary<string, object?> { ["url"] = database.Url, ["table"] = $"{database.Schema}.issue" });
        var source = PythonSource.Open<SqlIssueRow>("linq2pyarrow.jdbc.datasource", "JDBCArrowDataSource", database.Options("issue"));
        Assert.True(double.IsNaN(source.First().R!.Value));
        Assert.Equal([1L, 2, 3], source.Where(x => x.R != double.NaN).Select(x => x.Id).ToList());
        Assert.Equal([2L, 3], source.Where(x => x.R > 0).Select(x => x.Id).ToList()); // PostgreSQL sorts NaN above all
        Assert.Equal(0, source.Count(x => x.T == "a\0b")); // psycopg2 refused the NUL before
        Assert.Equal([2L], source.Where(x => new[] { "a\0b", "a" }.Contains(x.T)).Select(x => x.Id).ToList());
        Assert.Equal(3, source.Count(x => x.T != "a\0b"));
    }
}
