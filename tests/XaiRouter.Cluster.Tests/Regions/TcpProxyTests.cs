using System.Net.Sockets;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>The link the two-region tests cut: bytes pass both ways, a cut breaks open and new connections, a restore mends it.</summary>
public sealed class TcpProxyTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForwardsBothWays_CutClosesOpenAndNewConnections_RestoreForwardsAgain()
    {
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var echoing = EchoAsync(echo);
        await using var proxy = new TcpProxy(((IPEndPoint)echo.LocalEndpoint).Port);

        using var first = await ConnectAsync(proxy);
        Assert.Equal("hello", await RoundTripAsync(first, "hello"));
        Assert.Equal(1, proxy.Forwarded);

        proxy.Cut();
        Assert.True(proxy.IsCut);
        Assert.Null(await RoundTripOrNullAsync(first, "after the cut"));
        Assert.Null(await ConnectAndRoundTripOrNullAsync(proxy, "refused"));
        Assert.Equal(1, proxy.Forwarded);

        proxy.Restore();
        Assert.False(proxy.IsCut);
        using var second = await ConnectAsync(proxy);
        Assert.Equal("mended", await RoundTripAsync(second, "mended"));
        Assert.Equal(2, proxy.Forwarded);

        // The echo server's connections end when their clients go.
        first.Dispose();
        second.Dispose();
        echo.Stop();
        await echoing;
    }

    [Fact]
    public async Task TargetSetAfterStart_IsWhereConnectionsGo()
    {
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var echoing = EchoAsync(echo);
        await using var proxy = new TcpProxy();

        proxy.TargetPort = ((IPEndPoint)echo.LocalEndpoint).Port;
        using var client = await ConnectAsync(proxy);

        Assert.Equal("late target", await RoundTripAsync(client, "late target"));
        client.Dispose();
        echo.Stop();
        await echoing;
    }

    private static async Task<TcpClient> ConnectAsync(TcpProxy proxy)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port, Cancellation);
        return client;
    }

    /// <summary>A new connection's round trip; null when the connection is refused, reset or closed instead.</summary>
    private static async Task<string?> ConnectAndRoundTripOrNullAsync(TcpProxy proxy, string text)
    {
        try
        {
            using var client = await ConnectAsync(proxy);
            return await RoundTripOrNullAsync(client, text);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static async Task<string> RoundTripAsync(TcpClient client, string text) =>
        await RoundTripOrNullAsync(client, text) ?? throw new InvalidOperationException("The connection was closed.");

    /// <summary>Sends <paramref name="text"/> and reads as many bytes back; null when the connection is closed or reset instead (within 5 s).</summary>
    private static async Task<string?> RoundTripOrNullAsync(TcpClient client, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var received = new byte[bytes.Length];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(bytes, deadline.Token);
            var read = 0;
            while (read < received.Length)
            {
                var n = await stream.ReadAsync(received.AsMemory(read), deadline.Token);
                if (n == 0)
                {
                    return null;
                }

                read += n;
            }

            return System.Text.Encoding.UTF8.GetString(received);
        }
        catch (Exception exception) when (exception is IOException or SocketException)
        {
            return null;
        }
    }

    /// <summary>Echoes every connection's bytes back until the listener stops.</summary>
    private static async Task EchoAsync(TcpListener listener)
    {
        var connections = new List<Task>();
        while (true)
        {
            TcpClient accepted;
            try
            {
                accepted = await listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                break;
            }

            connections.Add(Task.Run(async () =>
            {
                using (accepted)
                {
                    try
                    {
                        await accepted.GetStream().CopyToAsync(accepted.GetStream());
                    }
                    catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
                    {
                        // The proxy closed the connection.
                    }
                }
            }));
        }

        await Task.WhenAll(connections);
    }
}
