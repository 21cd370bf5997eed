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
}
