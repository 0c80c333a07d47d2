namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>A real SQLite file in a temporary directory, created through Python's sqlite3; deleted on dispose.</summary>
public sealed class SqliteDatabase : IDisposable
{
    public const string NonAscii = "Zürich – 東京 😀";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("l2pa-sqlite-");

    public SqliteDatabase()
    {
        Path = System.IO.Path.Combine(_directory.FullName, "test db.sqlite"); // a space: paths are not URLs
        PythonScript.Run("""
            import sqlite3
            conn = sqlite3.connect(path)
            conn.executescript('''
                CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, score REAL, active BOOLEAN, born DATE,
                                     seen TIMESTAMP, photo BLOB);
                CREATE TABLE numbers (n INTEGER, label TEXT);
                CREATE TABLE empty (id INTEGER, note TEXT);
                CREATE TABLE mixed (id INTEGER, bad INTEGER);
            ''')
            conn.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)", [
                (1, non_ascii, 9.5, 1, "1990-05-17", "2024-03-01 12:30:45.123456", b"\x00\x01\xff"),
                (2, None, None, None, None, None, None),
                (3, "Ann", -1.25, 0, "2000-02-29", "2024-03-01T23:00:00+02:00", b""),
            ])
            # 1..500, rows outside the partition bounds, and NULLs in the partition column.
            conn.executemany("INSERT INTO numbers VALUES (?, ?)",
                             [(n, f"n{n}") for n in range(1, 501)] + [(-7, "below"), (9000, "above"), (None, "null-1"), (None, "null-2")])
            conn.executemany("INSERT INTO mixed VALUES (?, ?)", [(1, 10), (2, "not a number")])
            conn.commit()
            conn.close()
            """, new Dictionary<string, object?> { ["path"] = Path, ["non_ascii"] = NonAscii });
    }

    public string Path { get; }

    public string Url => $"jdbc:sqlite:{Path}";

    public Dictionary<string, string> Options(string table, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string> { ["url"] = Url, ["dbtable"] = table };
        foreach (var (key, value) in extra) options[key] = value;
        return options;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
