using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Linq2PyArrow.Demo;

/// <summary>
/// A small paginated product catalogue served over HTTP on 127.0.0.1 (System.Net.HttpListener), for the REST
/// sample source to read: GET /products?page=N → {"total_pages": P, "items": [...]}, 40 products per page.
/// </summary>
internal sealed class CatalogApi : IDisposable
{
    private const int PageSize = 40;
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public CatalogApi()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Url { get; }
    public int Requests => Volatile.Read(ref _requests);

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            var page = int.TryParse(context.Request.QueryString["page"], out var p) ? p : 1;
            var items = Enumerable.Range((page - 1) * PageSize + 1, PageSize).Where(id => id <= DemoData.Products).Select(id => new
            {
                id,
                name = $"Product {id}",
                category = DemoData.Categories[id % DemoData.Categories.Length],
                price = Math.Round(2.5 + id % 97 * 1.25, 2),
            });
            var body = JsonSerializer.SerializeToUtf8Bytes(new { total_pages = (DemoData.Products + PageSize - 1) / PageSize, items });
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
