using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>Random public identifiers, fixed-length base62.</summary>
internal static class RandomIds
{
    /// <summary>Bytes of randomness in a tenant id: 128 bits, 22 characters.</summary>
    public const int TenantIdBytes = 16;

    /// <summary>Bytes of randomness in access key and provider key ids: 96 bits (the spec asks at least 80), 17 characters.</summary>
    public const int KeyIdBytes = 12;

    public static readonly int TenantIdLength = Base62.EncodedLength(TenantIdBytes);

    public static readonly int KeyIdLength = Base62.EncodedLength(KeyIdBytes);

    public static string NewTenantId() => NewBase62(TenantIdBytes);

    public static string NewKeyId() => NewBase62(KeyIdBytes);

    /// <summary>Whether <paramref name="text"/> has the shape of a tenant id; anything else cannot name a tenant.</summary>
    public static bool IsTenantId(string text) => text.Length == TenantIdLength && Base62.IsBase62(text);

    /// <summary>Whether <paramref name="text"/> has the shape of an access key or provider key id.</summary>
    public static bool IsKeyId(string text) => text.Length == KeyIdLength && Base62.IsBase62(text);

    public static string NewBase62(int byteCount)
    {
        Span<byte> random = stackalloc byte[byteCount];
        RandomNumberGenerator.Fill(random);
        return Base62.Encode(random);
    }
}
