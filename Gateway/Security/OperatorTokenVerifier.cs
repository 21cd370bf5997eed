using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Checks the operator bearer token. Only the token's SHA-256 is kept. Every call hashes what was presented
/// (nothing, when the header is missing) and compares the hashes with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so a missing, malformed, short or wrong token all take the same path and the same time.
/// </summary>
internal sealed class OperatorTokenVerifier
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[] _tokenHash;

    private OperatorTokenVerifier(byte[] tokenHash) => _tokenHash = tokenHash;

    /// <summary>Creates a verifier for <paramref name="token"/> (UTF-8 bytes), which the caller wipes.</summary>
    public static OperatorTokenVerifier ForToken(ReadOnlySpan<byte> token) => new(SHA256.HashData(token));

    public bool Verify(StringValues authorization)
    {
        var presented = authorization.Count == 1 && authorization[0] is { } value && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? value.AsSpan(BearerPrefix.Length).Trim()
            : [];
        return VerifyToken(presented);
    }

    /// <summary>Checks a token presented without the bearer scheme (the dashboard's sign-in form), in the same constant time.</summary>
    public bool VerifyToken(ReadOnlySpan<char> presented)
    {
        // Long enough for any header Kestrel accepts; the buffer is wiped because it held a token.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(presented.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(presented, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return CryptographicOperations.FixedTimeEquals(hash, _tokenHash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>
    /// Derives a key for <paramref name="purpose"/> from the token (HKDF-SHA256 over its hash): every node holding the
    /// same token derives the same key, and a new token gives a new key, so whatever it signed stops being accepted.
    /// </summary>
    public byte[] DeriveKey(ReadOnlySpan<byte> purpose, int length)
    {
        var key = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _tokenHash, key, salt: [], info: purpose);
        return key;
    }
}
