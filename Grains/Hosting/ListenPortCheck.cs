using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace XaiRouter.Grains.Hosting;

/// <summary>
/// Checks, before anything starts, that the ports this process will listen on are free. Orleans binds its silo and
/// gateway ports with address reuse, so a second process on the same host given the same ports (a second Gateway
/// started with only <c>--Urls</c> changed) used to come up silently, sharing the first's Orleans ports; now it
/// stops with one line naming the settings. Two processes starting at the very same moment can still both pass.
/// </summary>
public static class ListenPortCheck
{
    /// <summary>The Orleans endpoints this node's silo will listen on, with the setting that chose each port.</summary>
    public static IEnumerable<(string Setting, IPEndPoint Endpoint)> OrleansPorts(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var silo = options.SiloListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress ?? IPAddress.Any, options.SiloPort);
        yield return ("Cluster:SiloPort", silo);
        if (options.GatewayPort != 0)
        {
            yield return ("Cluster:GatewayPort", options.GatewayListeningEndpoint ?? new IPEndPoint(silo.Address, options.GatewayPort));
        }
    }

    /// <summary>One line naming every setting whose port another process already listens on, or null when all are free.</summary>
    public static string? Describe(IEnumerable<(string Setting, IPEndPoint Endpoint)> ports)
    {
        var all = ports.ToList();
        var taken = all.Where(p => IsInUse(p.Endpoint)).ToList();
        if (taken.Count == 0)
        {
            return null;
        }

        var which = string.Join(", ", taken.Select(t => $"{t.Setting} ({t.Endpoint})"));
        var settings = all.Select(p => p.Setting).Distinct().ToList();
        var advice = settings.Count == 1 ? settings[0] : string.Join(", ", settings[..^1]) + " and " + settings[^1];
        return $"Start-up stopped: {which} {(taken.Count == 1 ? "is" : "are")} already in use by another process (another XaiRouter on this host?). " +
               $"Give each process on one host its own {advice}.";
    }

    /// <summary>Whether binding the endpoint fails because something listens there (any other failure is left to the real listener).</summary>
    private static bool IsInUse(IPEndPoint endpoint)
    {
        if (endpoint.Port == 0)
        {
            return false;
        }

        // Without SocketOptionName.ReuseAddress, which on Linux would also set SO_REUSEPORT and share the port.
        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(endpoint);
            return false;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
