using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace XaiRouter.Gateway.Policies;

/// <summary>A CIDR range (<c>203.0.113.0/24</c>, <c>2001:db8::/32</c>); IPv4-mapped IPv6 addresses match IPv4 ranges.</summary>
internal readonly record struct IpRange(IPAddress Network, int PrefixLength)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IpRange? range)
    {
        range = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address))
        {
            return false;
        }

        var maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxLength;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > maxLength))
        {
            return false;
        }

        range = new IpRange(Mask(address, prefix), prefix);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6 && Network.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == Network.AddressFamily && Mask(address, PrefixLength).Equals(Network);
    }

    /// <summary>Whether every address of <paramref name="other"/> is in this range.</summary>
    public bool Contains(IpRange other) =>
        other.Network.AddressFamily == Network.AddressFamily && other.PrefixLength >= PrefixLength && Contains(other.Network);

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}
