using System.Diagnostics;
using Linq2PyArrow;
using Linq2PyArrow.Demo;
using Spectre.Console;

// Linq2PyArrow demo: LINQ over Python data sources (a SQLite database through the JDBC-style source, CSV and
// JSON-lines folders, a paginated REST API), with Arrow batches crossing into .NET without copies.
var total = Stopwatch.StartNew();
AnsiConsole.Write(new Rule("[bold]Linq2PyArrow demo[/]").LeftJustified());
AnsiConsole.MarkupLineInterpolated($"Embedded Python [green]{PythonEnvironment.Version}[/] from [grey]{PythonEnvironment.LibraryPath}[/]");

var clock = Stopwatch.StartNew();
using var data = new DemoData();
using var api = new CatalogApi();
AnsiConsole.MarkupLineInterpolated(
    $"Created [blue]{data.Root}[/] in {clock.Elapsed.TotalSeconds:F1} s: shop.sqlite ({DemoData.Orders:N0} orders, {DemoData.Customers:N0} customers), clicks/ ({DemoData.ClickDays} CSV files), reviews/ (3 JSON-lines files); catalogue API at {api.Url}");

var settings = new PythonSourceSettings { SearchPaths = [Path.Combine(AppContext.BaseDirectory, "samples")] };
var timings = new List<(string Query, TimeSpan Elapsed)>();
const string Jdbc = "linq2pyarrow.jdbc.datasource", JdbcClass = "JDBCArrowDataSource";
var shopUrl = $"jdbc:sqlite:{data.DatabasePath}";

// 1. A partitioned scan of the orders table (8 id ranges read in parallel), aggregated in .NET, with progress.
var orderOptions = new Dictionary<string, string>
{
    ["url"] = shopUrl, ["dbtable"] = "orders",
    ["partitionColumn"] = "id", ["lowerBound"] = "1", ["upperBound"] = $"{DemoData.Orders + 1}", ["numPartitions"] = "8",
};
var byStatus = Section("Revenue by order status — JDBC (SQLite), 8 range partitions", () =>
    ScanProgressBar.Run("orders", settings, s =>
    {
        var orders = PythonSource.Open<Order>(Jdbc, JdbcClass, orderOptions, s);
        var query = orders.GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Orders = g.Count(), Revenue = g.Sum(o => o.Amount), Average = g.Average(o => o.Amount) })
            .OrderByDescending(g => g.Revenue);
        ShowShape(query);
        return query.ToList();
    }));
Show(["status", "orders", "revenue", "average"], byStatus.Select(r => Cells(r.Status, r.Orders, r.Revenue, r.Average)));

// 2. Filter + projection + top-N: the shape a pushdown-capable engine sends to the database.
var orders = PythonSource.Open<Order>(Jdbc, JdbcClass, new Dictionary<string, string> { ["url"] = shopUrl, ["dbtable"] = "orders" }, settings);
var biggestReturns = Section("Five biggest returned orders in December — filter, projection, top-N", () =>
{
    var query = orders
        .Where(o => o.Status == "returned" && o.OrderedAt >= new DateTime(2024, 12, 1) && o.Amount > 990)
        .OrderByDescending(o => o.Amount)
        .Select(o => new { o.Id, o.Amount, o.OrderedAt })
        .Take(5);
    ShowShape(query);
    return query.ToList();
});
Show(["order", "amount", "ordered at"], biggestReturns.Select(r => Cells(r.Id, r.Amount, r.OrderedAt)));

// 3. The 'query' option: a join done by the database, aggregated in .NET.
var countryOptions = new Dictionary<string, string>
{
    ["url"] = shopUrl,
    ["query"] = "SELECT c.country AS country, o.amount AS amount FROM orders o JOIN customers c ON c.id = o.customer_id",
};
var byCountry = Section("Top countries by revenue — JDBC 'query' option (join in SQLite)", () =>
{
    var query = PythonSource.Open<CountryAmount>(Jdbc, JdbcClass, countryOptions, settings)
        .GroupBy(r => r.Country)
        .Select(g => new { Country = g.Key, Revenue = g.Sum(r => r.Amount) })
        .OrderByDescending(r => r.Revenue)
        .Take(4);
    ShowShape(query);
    return query.ToList();
});
Show(["country", "revenue"], byCountry.Select(r => Cells(r.Country, r.Revenue)));

// 4. A folder of CSV files, one partition per file, with progress.
var slowPages = Section($"Slowest pages in a week of click logs — files sample ({DemoData.ClickDays} CSV files)", () =>
    ScanProgressBar.Run("clicks", settings, s =>
    {
        var clicks = PythonSource.Open<Click>("files_source", "FilesSource", new Dictionary<string, string> { ["path"] = data.ClicksPath }, s);
        var query = clicks.GroupBy(c => c.Page)
            .Select(g => new { Page = g.Key, Clicks = g.Count(), AverageMs = g.Average(c => c.Ms), Slowest = g.Max(c => c.Ms) })
            .OrderByDescending(p => p.AverageMs)
            .Take(3);
        ShowShape(query);
        return query.ToList();
    }));
Show(["page", "clicks", "average ms", "slowest ms"], slowPages.Select(p => Cells(p.Page, p.Clicks, p.AverageMs, p.Slowest)));

// 5. await foreach over JSON lines.
var reviews = PythonSource.Open<Review>("files_source", "FilesSource", new Dictionary<string, string> { ["path"] = data.ReviewsPath }, settings);
var glowing = await SectionAsync("First five-star reviews — files sample (JSON lines), await foreach", async () =>
{
    var found = new List<Review>();
    var query = reviews.Where(r => r.Rating == 5 && r.Text.Length > 12).Take(3);
    ShowShape(query);
    await foreach (var review in query) found.Add(review);
    return found;
});
Show(["product", "rating", "review"], glowing.Select(r => Cells(r.ProductId, r.Rating, r.Text)));

// 6. Two sources joined in .NET: the REST catalogue (a partition per page) and the reviews.
var products = PythonSource.Open<Product>("rest_source", "RestApiSource",
    new Dictionary<string, string> { ["url"] = api.Url + "products", ["schema"] = "id:int64,name:string,category:string,price:float64" }, settings);
var categories = Section("Ratings by category — REST sample (paginated JSON) joined with the reviews", () =>
{
    var ratings = reviews.GroupBy(r => r.ProductId).Select(g => new { ProductId = g.Key, Average = g.Average(r => r.Rating), Count = g.Count() }).ToList();
    var catalogue = products.ToList();
    return catalogue.Join(ratings, p => p.Id, r => r.ProductId, (p, r) => (p.Category, p.Price, r.Average, r.Count))
        .GroupBy(x => x.Category)
        .Select(g => new { Category = g.Key, Products = g.Count(), Reviews = g.Sum(x => x.Count), Rating = g.Average(x => x.Average), Price = g.Average(x => x.Price) })
        .OrderByDescending(c => c.Rating)
        .ToList();
});
Show(["category", "products", "reviews", "avg rating", "avg price"],
    categories.Select(c => Cells(c.Category, c.Products, c.Reviews, c.Rating, c.Price)));
AnsiConsole.MarkupLineInterpolated($"[grey]The catalogue API answered {api.Requests} requests (page 1 to plan, then one per page).[/]");

var summary = new Table().Border(TableBorder.Rounded).AddColumn("query").AddColumn(new TableColumn("time").RightAligned());
foreach (var (query, elapsed) in timings) summary.AddRow(Markup.Escape(query), $"{elapsed.TotalMilliseconds:N0} ms");
AnsiConsole.Write(new Rule("[bold]Timings[/]").LeftJustified());
AnsiConsole.Write(summary);
AnsiConsole.MarkupLineInterpolated($"Done in {total.Elapsed.TotalSeconds:F1} s; temporary files in {data.Root} are deleted.");
return;

T Section<T>(string title, Func<T> run)
{
    AnsiConsole.WriteLine();
    AnsiConsole.Write(new Rule($"[yellow]{Markup.Escape(title)}[/]").LeftJustified());
    var watch = Stopwatch.StartNew();
    var result = run();
    timings.Add((title, watch.Elapsed));
    AnsiConsole.MarkupLineInterpolated($"[grey]{watch.Elapsed.TotalMilliseconds:N0} ms[/]");
    return result;
}

async Task<T> SectionAsync<T>(string title, Func<Task<T>> run)
{
    AnsiConsole.WriteLine();
    AnsiConsole.Write(new Rule($"[yellow]{Markup.Escape(title)}[/]").LeftJustified());
    var watch = Stopwatch.StartNew();
    var result = await run();
    timings.Add((title, watch.Elapsed));
    AnsiConsole.MarkupLineInterpolated($"[grey]{watch.Elapsed.TotalMilliseconds:N0} ms[/]");
    return result;
}

// What was pushed to the source (columns, filters, limit) and what runs in .NET.
static void ShowShape<T>(IQueryable<T> query) =>
    AnsiConsole.MarkupLineInterpolated($"[grey]{query.Explain()}[/]");

static string[] Cells(params object?[] values) => values.Select(Format).ToArray();

static string Format(object? value) => Markup.Escape(value switch
{
    double d => d.ToString("N2", System.Globalization.CultureInfo.InvariantCulture),
    int or long => $"{value:N0}",
    DateTime t => t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
    null => "—",
    _ => value.ToString() ?? "",
});

static void Show(string[] headers, IEnumerable<string[]> rows)
{
    var table = new Table().Border(TableBorder.Rounded);
    foreach (var header in headers) table.AddColumn(header);
    foreach (var row in rows) table.AddRow(row);
    AnsiConsole.Write(table);
}
