using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Mode <c>bare-yarp &lt;port&gt; &lt;upstreamUrl&gt;</c>: every request forwarded with YARP's IHttpForwarder over one
/// invoker with the Gateway's SocketsHttpHandler settings, a fixed upstream Authorization header; no auth, no vault.
/// </summary>
internal static class BareYarp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var upstream = args[2].TrimEnd('/') + "/";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        await using var app = builder.Build();

        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ActivityHeadersPropagator = null,
        }, disposeHandler: true);
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var transformer = new FixedKeyTransformer();
        app.Map("/{**rest}", async (HttpContext context) =>
        {
            var error = await forwarder.SendAsync(context, upstream, invoker, ForwarderRequestConfig.Empty, transformer);
            if (error != ForwarderError.None && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        });
        await app.StartAsync();
        Console.WriteLine($"bare YARP listening on {app.Urls.Single()} -> {upstream}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private sealed class FixedKeyTransformer : HttpTransformer
    {
        private static readonly AuthenticationHeaderValue Key = new("Bearer", "sk-fixed-upstream-key");

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Authorization = Key;
        }
    }
}
