using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Dashboard;

/// <summary>
/// The dashboard's sign-in cookie: <c>{expiry in Unix seconds}.{HMAC-SHA256 of the expiry}</c>, under a key derived
/// from the operator token (<see cref="OperatorTokenVerifier.DeriveKey"/>). It holds nothing secret and no server keeps
/// a list: every node sharing the token accepts it, and replacing the token ends every session at once.
/// </summary>
internal sealed class DashboardSessions(OperatorTokenVerifier verifier, IOptions<DashboardOptions> options, TimeProvider timeProvider)
{
    public const string CookieName = "xai_dashboard";

    /// <summary>Slack for clocks that differ between nodes: a cookie may claim to live this much longer than a session.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private static readonly byte[] Purpose = "xai-router/dashboard-session/v1"u8.ToArray();

    private readonly byte[] _key = verifier.DeriveKey(Purpose, HMACSHA256.HashSizeInBytes);
    private readonly TimeSpan _lifetime = TimeSpan.FromMinutes(options.Value.SessionMinutes);

    public TimeSpan Lifetime => _lifetime;

    /// <summary>A new cookie value, good for <see cref="Lifetime"/> from now.</summary>
    public string Issue()
    {
        var expiry = timeProvider.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(expiry, mac);
        return expiry.ToString(CultureInfo.InvariantCulture) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Whether <paramref name="value"/> is a cookie this token signed and whose time has not run out.</summary>
    public bool IsValid(string? value)
    {
        var dot = value?.IndexOf('.') ?? -1;
        if (dot <= 0 || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        if (expiry <= now.ToUnixTimeSeconds() || expiry > now.Add(_lifetime + ClockSkew).ToUnixTimeSeconds())
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes + 3];
        if (!Base64Url.TryDecodeFromChars(value.AsSpan(dot + 1), presented, out var length) || length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(expiry, expected);
        return CryptographicOperations.FixedTimeEquals(presented[..length], expected);
    }

    private void Sign(long expiry, Span<byte> mac)
    {
        Span<byte> message = stackalloc byte[20];
        var written = Encoding.ASCII.GetBytes(expiry.ToString(CultureInfo.InvariantCulture), message);
        HMACSHA256.HashData(_key, message[..written], mac);
    }
}
