using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The one long-lived client for every upstream: a <see cref="SocketsHttpHandler"/> that pools connections per
/// host, with proxy, redirects, cookies and decompression off, an explicit connect timeout, and the SSRF guard in
/// its <see cref="SocketsHttpHandler.ConnectCallback"/>, so the address checked is the address connected to.
/// </summary>
internal sealed class UpstreamHttpClient : IDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public UpstreamHttpClient(IOptions<UpstreamOptions> options)
    {
        var allowPrivate = options.Value.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ActivityHeadersPropagator = null,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : Array.FindAll(addresses, static a => !NetworkGuard.IsBlocked(a));
        if (allowed.Length == 0)
        {
            throw new UpstreamBlockedException(endpoint.Host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
