using System.Text.Json;

namespace Linq2PyArrow.Tests.Integration;

/// <summary>The REST sample (rest_source.RestApiSource) against a real HTTP server on loopback.</summary>
public sealed class RestSourceTests : IDisposable
{
    private const string Source = "rest_source.RestApiSource", Error = "rest_source.RestSourceError";
    private const string Token = "tok-9f8e7d-very-secret", Schema = "id:int64,name:string,price:float64,day:date32,seen:timestamptz";

    public sealed record Item(long Id, string? Name, double? Price, DateOnly? Day, DateTimeOffset? Seen);

    public sealed record ItemName(long Id, string? Name);

    private static readonly object[][] Pages =
    [
        [new { id = 1, name = "Zürich ✓", price = 1.5, day = "2024-01-05", seen = "2024-01-05T10:00:00+01:00" },
         new { id = 2, name = (string?)null, price = (double?)null, day = (string?)null, seen = (string?)null }],
        [new { id = 3, name = "東京", price = 3.0, day = "2024-02-29", seen = "2024-02-29T23:59:59.25Z" }],
        [],
    ];

    private readonly LoopbackHttpServer _server = new(Answer);

    private static async Task<LoopbackHttpServer.Response> Answer(LoopbackHttpServer.Request request, CancellationToken stopping)
    {
        var page = int.Parse(System.Web.HttpUtility.ParseQueryString(request.Query)["page"] ?? "1");
        switch (request.Path)
        {
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(30), stopping); // far beyond the client's timeout; Dispose cancels it
                break;
            case "/broken" when page == 2:
                return new(500, "{\"error\": \"database on fire\"}");
            case "/missing":
                return new(404, "{}");
        }
        if (request.Authorization != $"Bearer {Token}") return new(401, "{}");
        return new(200, JsonSerializer.Serialize(new { total_pages = Pages.Length, items = Pages[page - 1] }));
    }

    private Dictionary<string, string> Options(string path, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string> { ["url"] = _server.BaseUrl + path, ["schema"] = Schema, ["token"] = Token };
        foreach (var (key, value) in extra) options[key] = value;
        return options;
    }

    private static IQueryable<T> Open<T>(Dictionary<string, string> options, PythonSourceSettings? settings = null) =>
        PythonSource.Open<T>("rest_source", "RestApiSource", options, settings ?? Samples.Settings);

    [Fact]
    public void Reads_every_page_as_a_partition_in_order()
    {
        var progress = new ProgressLog();
        var items = Open<Item>(Options("/items"), Samples.Settings with { Progress = progress }).ToList();

        Assert.Equal(
            [
                new Item(1, "Zürich ✓", 1.5, new DateOnly(2024, 1, 5), new DateTimeOffset(2024, 1, 5, 9, 0, 0, TimeSpan.Zero)),
                new Item(2, null, null, null, null),
                new Item(3, "東京", 3.0, new DateOnly(2024, 2, 29), new DateTimeOffset(2024, 2, 29, 23, 59, 59, 250, TimeSpan.Zero)),
            ],
            items);
        Assert.All(progress.Reports, p => Assert.Equal(3, p.PartitionsTotal));
        // Planning asked page 1 for total_pages, then each partition fetched its page, with the bearer token.
        var pages = _server.Requests.Select(r => r.Query).Order().ToList();
        Assert.Equal(["?page=1", "?page=1", "?page=2", "?page=3"], pages);
        Assert.All(_server.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public void Linq_over_the_pages()
    {
        var items = Open<ItemName>(Options("/items", ("pages", "3")));
        Assert.Equal(3, items.Count());
        Assert.Equal(["東京", "Zürich ✓"], items.Where(i => i.Name != null).Select(i => i.Name!).OrderByDescending(n => n).ToArray());
        Assert.DoesNotContain(_server.Requests, r => r.Query == "?page=4");
    }

    [Fact]
    public void An_http_error_on_a_page_fails_that_partition_with_the_status()
    {
        var ex = Assert.Throws<PythonDataSourceException>(() => Open<Item>(Options("/broken")).ToList());
        Failures.Check(ex, Source, "read_partition", Error,
            $"GET {_server.BaseUrl}/broken?page=2 failed: HTTP 500 Internal Server Error", partition: 1);
        Assert.Equal("{\"page\":2}", ex.PartitionSpec);
    }

    [Fact]
    public void An_http_error_while_planning_fails_plan_partitions()
    {
        var ex = Assert.Throws<PythonDataSourceException>(() => Open<Item>(Options("/missing")).ToList());
        Failures.Check(ex, Source, "plan_partitions", Error, $"GET {_server.BaseUrl}/missing?page=1 failed: HTTP 404 Not Found");
    }

    [Fact]
    public void A_rejected_token_is_a_401_and_no_secret_appears_in_the_message()
    {
        const string apiKey = "k3y-in-the-query-string";
        var options = Options($"/items?api_key={apiKey}", ("token", "wrong-" + Token));

        var ex = Assert.Throws<PythonDataSourceException>(() => Open<Item>(options).ToList());

        Failures.Check(ex, Source, "plan_partitions", Error, $"GET {_server.BaseUrl}/items?api_key=***&page=1 failed: HTTP 401 Unauthorized");
        Failures.DoesNotLeak(ex, apiKey);
        Failures.DoesNotLeak(ex, Token);
    }

    [Fact]
    public void A_slow_server_times_out_with_a_clear_message()
    {
        var ex = Assert.Throws<PythonDataSourceException>(() => Open<Item>(Options("/slow", ("pages", "1"), ("timeout", "0.5"))).ToList());
        Failures.Check(ex, Source, "read_partition", Error, $"GET {_server.BaseUrl}/slow?page=1 timed out after 0.5 s (option 'timeout')",
            partition: 0);
    }

    public void Dispose() => _server.Dispose();
}
