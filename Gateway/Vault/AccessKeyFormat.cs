using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// The access key format: <c>sk-Xvs</c> + key id (12 bytes, 17 characters) + secret (32 bytes, 43 characters)
/// + checksum (first 4 bytes of SHA-256 over everything before it, 6 characters); base62, always 72 characters.
/// The checksum lets a mistyped or made-up key be refused before any lookup.
/// </summary>
internal static class AccessKeyFormat
{
    public const string Prefix = "sk-Xvs";
    public const int SecretSize = 32;
    public const int ChecksumSize = 4;

    public static readonly int KeyIdLength = RandomIds.KeyIdLength;
    public static readonly int SecretLength = Base62.EncodedLength(SecretSize);
    public static readonly int ChecksumLength = Base62.EncodedLength(ChecksumSize);
    public static readonly int Length = Prefix.Length + KeyIdLength + SecretLength + ChecksumLength;

    /// <summary>Builds the access key string (shown to its owner once, never stored).</summary>
    public static string Format(string keyId, ReadOnlySpan<byte> secret)
    {
        if (keyId.Length != KeyIdLength || secret.Length != SecretSize)
        {
            throw new ArgumentException("Wrong key id or secret size.");
        }

        Span<char> text = stackalloc char[Length];
        try
        {
            Prefix.CopyTo(text);
            keyId.CopyTo(text[Prefix.Length..]);
            Base62.Encode(secret, text.Slice(Prefix.Length + KeyIdLength, SecretLength));
            Span<byte> checksum = stackalloc byte[ChecksumSize];
            ComputeChecksum(text[..^ChecksumLength], checksum);
            Base62.Encode(checksum, text[^ChecksumLength..]);
            return new string(text);
        }
        finally
        {
            text.Clear();
        }
    }

    /// <summary>
    /// Splits an access key into its key id and secret. Returns <see langword="false"/> for anything that is not a
    /// well-formed key with a matching checksum; <paramref name="secret"/> (32 bytes) is then zeroed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, Span<byte> secret, out string? keyId)
    {
        keyId = null;
        if (text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal) || !Base62.IsBase62(text[Prefix.Length..]))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[ChecksumSize];
        Span<byte> actual = stackalloc byte[ChecksumSize];
        ComputeChecksum(text[..^ChecksumLength], expected);
        if (!Base62.TryDecode(text[^ChecksumLength..], actual) || !expected.SequenceEqual(actual))
        {
            return false;
        }

        if (!Base62.TryDecode(text.Slice(Prefix.Length + KeyIdLength, SecretLength), secret))
        {
            return false;
        }

        keyId = new string(text.Slice(Prefix.Length, KeyIdLength));
        return true;
    }

    private static void ComputeChecksum(ReadOnlySpan<char> body, Span<byte> checksum)
    {
        // The body is ASCII (checked or built above); hash its bytes, then wipe the copy that held the secret.
        Span<byte> ascii = stackalloc byte[Length];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        try
        {
            for (var i = 0; i < body.Length; i++)
            {
                ascii[i] = (byte)body[i];
            }

            SHA256.HashData(ascii[..body.Length], hash);
            hash[..ChecksumSize].CopyTo(checksum);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ascii);
            CryptographicOperations.ZeroMemory(hash);
        }
    }
}
