using System.Net;
using System.Net.Sockets;

namespace XaiRouter.TestSupport;

/// <summary>
/// Loopback TCP ports that were free a moment ago, distinct within one process, for a child process to bind later.
/// Taken below the kernel's ephemeral range (<c>ip_local_port_range</c>): a port the kernel handed out for port 0 could
/// be handed out again, to any outgoing connection of any process, before the child binds it (a silo that then fails
/// to start, as the two-region tests' hundreds of connections made happen). Below that range only an explicit bind
/// takes a port, and the start is random so that two test processes rarely walk the same ports.
/// </summary>
public static class FreePorts
{
    private const int Lowest = 15000;

    private static readonly HashSet<int> Handed = [];
    private static readonly int Highest = EphemeralRangeStart() - 1;
    private static int _next = Lowest + Random.Shared.Next(Highest - Lowest + 1);

    public static int Next()
    {
        lock (Handed)
        {
            for (var tried = 0; tried <= Highest - Lowest; tried++)
            {
                var port = _next;
                _next = _next >= Highest ? Lowest : _next + 1;
                if (!Handed.Contains(port) && IsFree(port))
                {
                    Handed.Add(port);
                    return port;
                }
            }

            throw new InvalidOperationException($"No free loopback port between {Lowest} and {Highest}.");
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port the kernel hands out for port 0 and outgoing connections (32768 where it cannot be read).</summary>
    private static int EphemeralRangeStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(RangeFile) ? File.ReadAllText(RangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        return int.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var start) && start > Lowest + 1000 ? start : 32768;
    }
}
