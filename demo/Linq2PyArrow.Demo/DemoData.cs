using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Linq2PyArrow.Demo;

/// <summary>
/// The demo's data, created fresh in a temporary directory and deleted on dispose: a SQLite shop database
/// (written from .NET with Microsoft.Data.Sqlite, read back from Python's sqlite3 by the JDBC source), a folder
/// of daily click logs in CSV and a folder of reviews in JSON lines. Deterministic (fixed seed).
/// </summary>
internal sealed class DemoData : IDisposable
{
    public const int Customers = 5_000, Orders = 200_000, ClickDays = 7, ClicksPerDay = 20_000, Products = 480;

    public static readonly string[] Statuses = ["placed", "shipped", "delivered", "returned"];
    public static readonly string[] Categories = ["books", "garden", "kitchen", "music", "toys", "outdoor"];
    private static readonly string[] Countries = ["Deutschland", "España", "France", "Ísland", "Norge", "Österreich", "Schweiz", "日本"];
    private static readonly string[] Pages = ["/", "/search", "/cart", "/checkout", "/product", "/account", "/help"];
    private static readonly string[] FirstNames = ["Zoë", "Jürgen", "Åsa", "Håkon", "Chloé", "Søren", "Ana", "Björn", "Noémie", "Kenji"];

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("linq2pyarrow-demo-");

    public DemoData()
    {
        DatabasePath = Path.Combine(_root.FullName, "shop.sqlite");
        ClicksPath = _root.CreateSubdirectory("clicks").FullName;
        ReviewsPath = _root.CreateSubdirectory("reviews").FullName;
        var random = new Random(42);
        WriteDatabase(random);
        WriteClicks(random);
        WriteReviews(random);
    }

    public string DatabasePath { get; }
    public string ClicksPath { get; }
    public string ReviewsPath { get; }
    public string Root => _root.FullName;

    private void WriteDatabase(Random random)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL);
                CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, product_id INTEGER NOT NULL,
                                     amount REAL NOT NULL, status TEXT NOT NULL, ordered_at TIMESTAMP NOT NULL);
                """;
            create.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        Insert(connection, "INSERT INTO customers VALUES ($a, $b, $c)", Customers, i =>
            [i, $"{FirstNames[i % FirstNames.Length]} #{i}", Countries[random.Next(Countries.Length)]]);
        var start = new DateTime(2024, 1, 1);
        Insert(connection, "INSERT INTO orders VALUES ($a, $b, $c, $d, $e, $f)", Orders, i =>
            [i, 1 + random.Next(Customers), 1 + random.Next(Products), Math.Round(5 + random.NextDouble() * 995, 2),
             Statuses[random.Next(10) switch { < 2 => 0, < 5 => 1, < 9 => 2, _ => 3 }],
             start.AddMinutes(random.Next(366 * 24 * 60)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)]);
        transaction.Commit();
    }

    private static void Insert(SqliteConnection connection, string sql, int count, Func<int, object[]> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var names = new[] { "$a", "$b", "$c", "$d", "$e", "$f" };
        var parameters = names.Where(n => sql.Contains(n, StringComparison.Ordinal)).Select(n => command.Parameters.AddWithValue(n, DBNull.Value)).ToArray();
        command.Prepare();
        for (var i = 1; i <= count; i++)
        {
            var values = row(i);
            for (var p = 0; p < parameters.Length; p++) parameters[p].Value = values[p];
            command.ExecuteNonQuery();
        }
    }

    private void WriteClicks(Random random)
    {
        for (var day = 0; day < ClickDays; day++)
        {
            var date = new DateTime(2024, 6, 3).AddDays(day);
            var csv = new StringBuilder("at,page,user_id,ms\n");
            for (var i = 0; i < ClicksPerDay; i++)
            {
                var page = Pages[random.Next(Pages.Length)];
                var ms = (int)(40 + random.NextDouble() * random.NextDouble() * (page == "/checkout" ? 2400 : 900));
                csv.Append(CultureInfo.InvariantCulture,
                    $"{date.AddSeconds(i * 4.32):yyyy-MM-dd HH:mm:ss},{page},{1 + random.Next(Customers)},{ms}\n");
            }
            File.WriteAllText(Path.Combine(ClicksPath, $"{date:yyyy-MM-dd}.csv"), csv.ToString());
        }
    }

    private void WriteReviews(Random random)
    {
        string[] words = ["great", "solid", "meh", "broke after a week", "exactly as described", "überraschend gut", "très bien", "最高"];
        for (var file = 0; file < 3; file++)
        {
            var lines = new StringBuilder();
            for (var i = 0; i < 2_000; i++)
            {
                var rating = Math.Clamp((int)Math.Round(3.6 + 1.3 * (random.NextDouble() + random.NextDouble() - 1) * 2), 1, 5);
                lines.AppendLine(JsonSerializer.Serialize(new
                {
                    product_id = 1 + random.Next(Products),
                    rating,
                    text = $"{words[random.Next(words.Length)]} ({rating}/5)",
                }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            File.WriteAllText(Path.Combine(ReviewsPath, $"reviews-{file + 1}.jsonl"), lines.ToString());
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        _root.Delete(recursive: true);
    }
}
