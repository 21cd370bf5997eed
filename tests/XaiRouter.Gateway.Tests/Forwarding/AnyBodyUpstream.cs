using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// A loopback upstream that reads any body to its end and answers one fixed chat completion, whatever the body
/// says: so that a 5xx in the property test can only be the router's own, never a fake that chokes on a mutant.
/// </summary>
public sealed class AnyBodyUpstream : IAsyncDisposable
{
    private const string Answer = """{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"mutant","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    private readonly WebApplication _app;

    private AnyBodyUpstream(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every body received whole.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<byte[]> Bodies { get; } = new();

    public static async Task<AnyBodyUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new AnyBodyUpstream(app);
        app.MapPost("/v1/{**path}", async (HttpContext context) =>
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            upstream.Bodies.Enqueue(body.ToArray());
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Answer, context.RequestAborted);
        });
        await app.StartAsync();
        upstream.BaseUrl = app.Urls.Single() + "/v1";
        return upstream;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
