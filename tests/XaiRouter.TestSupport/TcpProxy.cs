using System.Net;
using System.Net.Sockets;

namespace XaiRouter.TestSupport;

/// <summary>
/// A loopback TCP forwarder standing for a network link: connections to <see cref="Port"/> are forwarded byte for
/// byte to <see cref="TargetPort"/> on 127.0.0.1. <see cref="Cut"/> breaks the link (open connections are closed and
/// new ones are accepted and closed at once, as a partition looks to both ends) until <see cref="Restore"/>.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Socket> _open = [];
    private readonly Task _accepting;
    private bool _cut;
    private int _forwarded;

    /// <param name="targetPort">Where connections go; may be set later (<see cref="TargetPort"/>), before the first one.</param>
    public TcpProxy(int targetPort = 0)
    {
        TargetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port this proxy listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// The 127.0.0.1 port new connections are forwarded to. Settable because two nodes may each need the other's
    /// proxy address before either exists (two regions name each other as peers).
    /// </summary>
    public int TargetPort { get; set; }

    /// <summary>Connections forwarded to the target so far (not counting those refused while cut).</summary>
    public int Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>Whether the link is cut now.</summary>
    public bool IsCut
    {
        get
        {
            lock (_open)
            {
                return _cut;
            }
        }
    }

    /// <summary>Breaks the link: closes every open connection, both sides, and drops new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        Socket[] open;
        lock (_open)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            Close(socket);
        }
    }

    /// <summary>Mends the link: new connections are forwarded again.</summary>
    public void Restore()
    {
        lock (_open)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var target = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        if (!Track(client, target))
        {
            return;
        }

        try
        {
            await target.ConnectAsync(IPAddress.Loopback, TargetPort, _stopping.Token);
            Interlocked.Increment(ref _forwarded);
            using var toTarget = new NetworkStream(target, ownsSocket: false);
            using var toClient = new NetworkStream(client, ownsSocket: false);

            // Whichever direction ends first (end of stream, reset, or Cut closing the sockets) ends both.
            await Task.WhenAny(PumpAsync(toClient, toTarget), PumpAsync(toTarget, toClient));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The target refused, or the link was cut while connecting: the client sees its connection closed.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(target);
            }

            Close(client);
            Close(target);
        }
    }

    /// <summary>Registers a new connection's two sockets; while cut, closes the client's at once instead.</summary>
    private bool Track(Socket client, Socket target)
    {
        lock (_open)
        {
            if (!_cut)
            {
                _open.Add(client);
                _open.Add(target);
                return true;
            }
        }

        Close(client);
        target.Dispose();
        return false;
    }

    private static async Task PumpAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
        {
            // A closed end: the caller tears the other one down.
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            // A reset, not a graceful close: a cut link does not say goodbye, and the peer learns at once.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
