using System.Net;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Policies;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// The client's address: the connection's, unless the connection comes from a trusted proxy
/// (<c>Network:TrustedProxies</c>), in which case the nearest untrusted hop of <c>X-Forwarded-For</c>.
/// A spoofed header from anyone else changes nothing.
/// </summary>
internal sealed class ClientAddresses(IOptions<NetworkOptions> options)
{
    private readonly IpRange[] _trusted = [.. options.Value.TrustedProxies.Select(p => IpRange.TryParse(p, out var range) ? range!.Value : throw new ArgumentException(p))];

    public IPAddress? Resolve(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || !IsTrusted(remote))
        {
            return remote;
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = forwarded.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(forwarded[i], out var hop))
            {
                return remote;
            }

            if (!IsTrusted(hop))
            {
                return hop;
            }
        }

        return remote;
    }

    /// <summary>
    /// The key a client's failed authentications are counted under (<see cref="FailureThrottle"/>): its IPv4 address
    /// (also when it arrives IPv4-mapped), or for IPv6 its /64 network, because one host or customer is routinely given
    /// a whole /64 and could otherwise give every guess a fresh address and a fresh budget.
    /// </summary>
    public string BudgetKey(HttpContext context) => BudgetKeyOf(Resolve(context));

    /// <inheritdoc cref="BudgetKey(HttpContext)"/>
    public static string BudgetKeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private bool IsTrusted(IPAddress address)
    {
        foreach (var range in _trusted)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
