using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>Provider key ciphertexts: AES-256-GCM under the pool key, AAD "xai-router/v1/provider-key|{tenant}|{id}|{pool}|{version}".</summary>
internal static class ProviderKeyCipher
{
    public static SealedSecret Seal(ReadOnlySpan<byte> poolKey, string tenantId, string providerKeyId, string pool, int version, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(VaultCrypto.NonceSize);
        return Seal(poolKey, nonce, tenantId, providerKeyId, pool, version, plaintext);
    }

    /// <summary>Seals with a given nonce (test vectors); production code uses the overload that draws one.</summary>
    public static SealedSecret Seal(ReadOnlySpan<byte> poolKey, byte[] nonce, string tenantId, string providerKeyId, string pool, int version, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> aad = stackalloc byte[VaultLabels.MaxLength];
        var aadLength = VaultLabels.ProviderKey(aad, tenantId, providerKeyId, pool, version);
        var sealedBytes = new byte[plaintext.Length + VaultCrypto.TagSize];
        VaultCrypto.Seal(poolKey, nonce, plaintext, aad[..aadLength], sealedBytes);
        return new SealedSecret(nonce, sealedBytes);
    }

    /// <summary>Decrypts into a buffer the caller wipes, or returns <see langword="null"/> when authentication fails.</summary>
    public static SecretBuffer? Open(ReadOnlySpan<byte> poolKey, ProviderKeyRecord record)
    {
        var ciphertext = record.Key.Ciphertext;
        if (ciphertext.Length < VaultCrypto.TagSize)
        {
            return null;
        }

        Span<byte> aad = stackalloc byte[VaultLabels.MaxLength];
        var aadLength = VaultLabels.ProviderKey(aad, record.TenantId, record.Id, record.Pool, record.PoolVersion);
        var plaintext = new SecretBuffer(ciphertext.Length - VaultCrypto.TagSize);
        if (VaultCrypto.TryOpen(poolKey, record.Key.Nonce, ciphertext, aad[..aadLength], plaintext.Span))
        {
            return plaintext;
        }

        plaintext.Dispose();
        return null;
    }
}
