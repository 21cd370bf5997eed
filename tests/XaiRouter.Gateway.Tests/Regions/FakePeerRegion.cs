using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>
/// Another region's Gateways on a loopback port: <c>GET /healthz</c> and <c>GET /admin/regions/usage</c> (answering
/// <see cref="UsageAnswer"/>, or failing while <see cref="Down"/>), recording what each call carried.
/// </summary>
internal sealed class FakePeerRegion : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePeerRegion(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The JSON body of the usage route's answer.</summary>
    public string UsageAnswer { get; set; } = """{"rows":[]}""";

    /// <summary>While set, every route answers 503 (the region is there but failing).</summary>
    public bool Down { get; set; }

    /// <summary>Each call's path and query, Authorization and X-Xai-Region headers.</summary>
    public ConcurrentQueue<(string PathAndQuery, string Authorization, string Region)> Calls { get; } = new();

    public static async Task<FakePeerRegion> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new FakePeerRegion(app);
        app.Use(async (context, next) =>
        {
            peer.Calls.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(), context.Request.Headers["X-Xai-Region"].ToString()));
            if (peer.Down)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next(context);
        });
        app.MapGet("/healthz", () => "Healthy");
        app.MapGet("/admin/regions/usage", () => Results.Text(peer.UsageAnswer, "application/json"));
        await app.StartAsync();
        peer.Url = app.Urls.Single() + "/";
        return peer;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
