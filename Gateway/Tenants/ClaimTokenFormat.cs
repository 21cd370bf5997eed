using System.Security.Cryptography;
using System.Text;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Tenants;

/// <summary>
/// The claim token: <c>xct-</c> + tenant id (22 characters) + <c>-</c> + secret (32 random bytes, 43 base62
/// characters), 70 ASCII characters. The tenant id tells the claim which tenant grain to ask; only
/// SHA-256(<c>"xai-router/v1/claim|{tenant}|"</c> ‖ secret) is stored, and compared in constant time. 256 random
/// bits need no slow hash: no number of guesses reaches them.
/// </summary>
internal static class ClaimTokenFormat
{
    public const string Prefix = "xct-";
    public const char Separator = '-';
    public const int SecretSize = 32;
    public const string HashLabel = "xai-router/v1/claim|";

    public static readonly int SecretLength = Base62.EncodedLength(SecretSize);
    public static readonly int Length = Prefix.Length + RandomIds.TenantIdLength + 1 + SecretLength;

    /// <summary>Builds a fresh token for <paramref name="tenantId"/>; returns it (shown once) and the hash to store.</summary>
    public static (string Token, byte[] Hash) Issue(string tenantId)
    {
        using var secret = new SecretBuffer(SecretSize);
        RandomNumberGenerator.Fill(secret.Span);
        var token = string.Concat(Prefix, tenantId, Separator.ToString(), Base62.Encode(secret.Span));
        return (token, Hash(tenantId, secret.Span));
    }

    /// <summary>Splits a token into tenant id and secret; <see langword="false"/> for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, Span<byte> secret, out string? tenantId)
    {
        tenantId = null;
        var idStart = Prefix.Length;
        var secretStart = idStart + RandomIds.TenantIdLength + 1;
        if (text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[secretStart - 1] != Separator)
        {
            return false;
        }

        var id = text.Slice(idStart, RandomIds.TenantIdLength);
        if (!Base62.IsBase62(id) || !Base62.TryDecode(text[secretStart..], secret))
        {
            return false;
        }

        tenantId = new string(id);
        return true;
    }

    /// <summary>SHA-256(UTF-8 <c>"xai-router/v1/claim|{tenantId}|"</c> ‖ secret): what the tenant grain stores.</summary>
    public static byte[] Hash(string tenantId, ReadOnlySpan<byte> secret)
    {
        var label = Encoding.UTF8.GetBytes(HashLabel + tenantId + "|");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(label);
        hash.AppendData(secret);
        return hash.GetHashAndReset();
    }
}
