using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port (System.Net.HttpListener), answering each request with a
/// handler on the thread pool and recording what it was asked. Dispose stops it and cancels slow handlers.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    public sealed record Response(int Status, string Body, string ContentType = "application/json");

    public sealed record Request(string Path, string Query, string? Authorization);

    private readonly HttpListener _listener = new();
    private readonly Func<Request, CancellationToken, Task<Response>> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly Task _loop;

    public LoopbackHttpServer(Func<Request, CancellationToken, Task<Response>> handler)
    {
        _handler = handler;
        Port = FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }
    public string BaseUrl { get; }
    public IReadOnlyList<Request> Requests => [.. _requests];

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        var request = new Request(context.Request.Url!.AbsolutePath, context.Request.Url.Query, context.Request.Headers["Authorization"]);
        _requests.Enqueue(request);
        try
        {
            var response = await _handler(request, _stopping.Token).ConfigureAwait(false);
            var body = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body, _stopping.Token).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception)
        {
            // Stopping, or the client hung up (a timeout test): drop the connection.
            context.Response.Abort();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stopping.Dispose();
    }
}
