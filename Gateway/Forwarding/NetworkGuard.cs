using System.Net;
using System.Net.Sockets;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The SSRF guard: which addresses an upstream may not resolve to (unless <c>Upstream:AllowPrivateNetworks</c>).
/// Loopback, private (RFC 1918, IPv6 ULA), link-local (including cloud metadata 169.254.169.254), CGNAT
/// (100.64/10), multicast, unspecified, broadcast and the "this network" range, for IPv4, IPv6 and
/// IPv4-mapped IPv6.
/// </summary>
internal static class NetworkGuard
{
    public static bool IsBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => true,                                  // 0.0.0.0/8 "this network"
                10 => true,                                 // 10/8
                100 => b[1] is >= 64 and <= 127,            // 100.64/10 CGNAT
                127 => true,                                // 127/8
                169 => b[1] == 254,                         // 169.254/16 link-local, cloud metadata
                172 => b[1] is >= 16 and <= 31,             // 172.16/12
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0), // 192.168/16, 192.0.0/24 IETF protocol assignments
                >= 224 => true,                             // multicast 224/4, reserved 240/4, broadcast
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return true;
            }

            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC                    // fc00::/7 unique local
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && IsBlocked(new IPAddress(b[12..]))); // 64:ff9b::/96 NAT64 of a blocked IPv4
        }

        return true;
    }

    /// <summary>Why <paramref name="host"/> may not be an upstream, or null. Resolves names; a name that does not resolve is allowed here (the connect-time check still applies).</summary>
    public static async Task<string?> CheckHostAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return IsBlocked(literal) ? $"{literal} is a loopback, private, link-local or otherwise internal address." : null;
        }

        try
        {
            foreach (var address in await Dns.GetHostAddressesAsync(host, cancellationToken))
            {
                if (IsBlocked(address))
                {
                    return $"{host} resolves to {address}, a loopback, private, link-local or otherwise internal address.";
                }
            }
        }
        catch (SocketException)
        {
            // Not resolvable now; every connection is checked again when it is made.
        }

        return null;
    }
}
