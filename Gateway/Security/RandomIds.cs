using System.Security.Cryptography;

namespace XaiRouter.Gateway.Security;

/// <summary>Random public identifiers.</summary>
internal static class RandomIds
{
    /// <summary>Bytes of randomness in a tenant id: 128 bits, 22 base62 characters.</summary>
    public const int TenantIdBytes = 16;

    public static string NewTenantId() => NewBase62(TenantIdBytes);

    /// <summary>Whether <paramref name="text"/> has the shape of a tenant id; anything else cannot name a tenant.</summary>
    public static bool IsTenantId(string text) => text.Length == Base62.EncodedLength(TenantIdBytes) && Base62.IsBase62(text);

    public static string NewBase62(int byteCount)
    {
        Span<byte> random = stackalloc byte[byteCount];
        RandomNumberGenerator.Fill(random);
        return Base62.Encode(random);
    }
}
