using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// A secret's bytes in a pinned array (the GC never copies it elsewhere), zeroed on dispose. Used for everything
/// that must not outlive its request: secrets, derived keys, pool keys, plaintext provider keys.
/// </summary>
internal sealed class SecretBuffer : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    public SecretBuffer(int length)
    {
        _bytes = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        Length = length;
    }

    /// <summary>The number of bytes in use (at most the allocated length).</summary>
    public int Length { get; private set; }

    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes.AsSpan(0, Length);
        }
    }

    /// <summary>
    /// The pinned array itself, for an API that insists on a <c>byte[]</c>; only valid when the whole array is in use.
    /// </summary>
    public byte[] DangerousArray
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Length == _bytes.Length ? _bytes : throw new InvalidOperationException("The buffer was truncated.");
        }
    }

    /// <summary>Shortens the used part (for example after decrypting into a buffer sized for the worst case).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _bytes.Length);
        CryptographicOperations.ZeroMemory(_bytes.AsSpan(length));
        Length = length;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_bytes);
            _disposed = true;
        }
    }
}
