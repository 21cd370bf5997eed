using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace XaiRouter.TestSupport;

/// <summary>
/// A minimal OTLP/HTTP collector on loopback: accepts <c>POST /v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>
/// (protobuf or JSON), answers 200, and keeps every raw body, so tests can look for names, and for secrets that must
/// not be there, in exactly the bytes an exporter sent.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _bodies = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base URL to give <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Every body received so far, by signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>).</summary>
    public IReadOnlyList<(string Signal, byte[] Body)> Bodies => [.. _bodies];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver._bodies.Enqueue((signal, body.ToArray()));
            receiver._arrived.Release();
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Endpoint = app.Urls.Single();
        return receiver;
    }

    /// <summary>Whether some body of <paramref name="signal"/> holds <paramref name="text"/> (UTF-8).</summary>
    public bool Received(string signal, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return _bodies.Any(b => b.Signal == signal && b.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    /// <summary>Waits until a body of <paramref name="signal"/> holds <paramref name="text"/> (exporters send on their own schedule).</summary>
    public async Task WaitForAsync(string signal, string text, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!Received(signal, text))
        {
            await _arrived.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
