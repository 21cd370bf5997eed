using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace XaiRouter.Gateway.Tests;

/// <summary>
/// The in-memory test server has no network peer; this gives each request one: the address in the test-only
/// header <c>X-Test-Peer</c>, or 127.0.0.1. It stands in for the connection's remote address, nothing else.
/// </summary>
public sealed class TestPeerStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var peer) ? peer : IPAddress.Loopback;
            context.Request.Headers.Remove(Header);
            return nextMiddleware(context);
        });
        next(app);
    };
}
