using System.Net.Sockets;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>The start-up port check and how it reads <c>Urls</c>.</summary>
public sealed class ListenPortCheckTests
{
    [Fact]
    public void Describe_PortWithAListener_NamesItsSettingOnly()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = (IPEndPoint)listener.LocalEndpoint;
        var free = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());

        var message = ListenPortCheck.Describe([("Cluster:SiloPort", taken), ("Cluster:GatewayPort", free)]);

        Assert.NotNull(message);
        Assert.Contains($"Cluster:SiloPort ({taken})", message, StringComparison.Ordinal);
        Assert.DoesNotContain($"Cluster:GatewayPort ({free})", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Describe_AllFree_IsNull() =>
        Assert.Null(ListenPortCheck.Describe([("Urls", new IPEndPoint(IPAddress.Loopback, FreePorts.Next()))]));

    [Fact]
    public void HttpListenPorts_ReadsEveryUrlAsKestrelBindsIt()
    {
        var ports = HttpListenPorts.From("http://127.0.0.1:8080; http://localhost:8081;http://*:8082;http://[::1]:8083;http://0.0.0.0:0;http://unix:/tmp/x.sock").ToList();

        Assert.Equal(
        [
            ("Urls", new IPEndPoint(IPAddress.Loopback, 8080)),
            ("Urls", new IPEndPoint(IPAddress.Loopback, 8081)),
            ("Urls", new IPEndPoint(IPAddress.Any, 8082)),
            ("Urls", new IPEndPoint(IPAddress.IPv6Loopback, 8083)),
        ], ports);
    }
}
