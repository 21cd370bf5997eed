using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// The vault's primitives, exactly as the specification states them: HKDF-SHA256 and AES-256-GCM with 12-byte
/// nonces and 16-byte tags. A sealed value is the ciphertext followed by its tag. Callers own and wipe every buffer.
/// </summary>
internal static class VaultCrypto
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int SaltSize = 32;

    /// <summary>Longest accepted pepper, in bytes.</summary>
    public const int MaxPepperSize = 256;

    /// <summary>PRK = HKDF-Extract(SHA-256, salt, secret || pepper).</summary>
    public static void DerivePrk(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> pepper, ReadOnlySpan<byte> salt, Span<byte> prk)
    {
        Span<byte> ikm = stackalloc byte[KeySize + MaxPepperSize];
        try
        {
            secret.CopyTo(ikm);
            pepper.CopyTo(ikm[secret.Length..]);
            Extract(salt, ikm[..(secret.Length + pepper.Length)], prk);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }

    /// <summary>Passphrase PRK = HKDF-Extract(SHA-256, salt = pepper, IKM = Argon2id output).</summary>
    public static void DerivePassphrasePrk(ReadOnlySpan<byte> argon2Output, ReadOnlySpan<byte> pepper, Span<byte> prk) =>
        HKDF.Extract(HashAlgorithmName.SHA256, argon2Output, pepper, prk);

    /// <summary>verifier = HKDF-Expand(PRK, "xai-router/v1/verifier", 32).</summary>
    public static void DeriveVerifier(ReadOnlySpan<byte> prk, Span<byte> verifier) =>
        ExpandOneBlock(prk, VaultLabels.Verifier, verifier);

    /// <summary>KEK = HKDF-Expand(PRK, "xai-router/v1/kek|{tenant}|{keyId}", 32).</summary>
    public static void DeriveKek(ReadOnlySpan<byte> prk, string tenantId, string keyId, Span<byte> kek)
    {
        Span<byte> info = stackalloc byte[VaultLabels.MaxLength];
        var length = VaultLabels.Kek(info, tenantId, keyId);
        ExpandOneBlock(prk, info[..length], kek);
    }

    /// <summary>
    /// HKDF-Extract(SHA-256, salt, IKM) is by definition HMAC-SHA256(key = salt, IKM) (RFC 5869, 2.2) when the salt is
    /// not empty. One HMAC one-shot costs less than <see cref="HKDF.Extract(HashAlgorithmName, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
    /// on OpenSSL 3, which sets up a KDF context per call; the test vectors check the bytes are the same.
    /// </summary>
    private static void Extract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm, Span<byte> prk)
    {
        if (salt.IsEmpty)
        {
            // RFC 5869's empty salt is HashLen zero bytes; not a shape the vault stores, so leave it to the framework.
            HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt, prk);
            return;
        }

        HMACSHA256.HashData(salt, ikm, prk);
    }

    /// <summary>
    /// HKDF-Expand(SHA-256, PRK, info, L) for L = 32, the only length the vault derives: the output is its first block
    /// T(1) = HMAC-SHA256(PRK, info || 0x01) (RFC 5869, 2.3), one HMAC one-shot instead of a KDF context per call.
    /// </summary>
    private static void ExpandOneBlock(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, Span<byte> output)
    {
        if (output.Length != KeySize || info.Length >= VaultLabels.MaxLength)
        {
            HKDF.Expand(HashAlgorithmName.SHA256, prk, output, info);
            return;
        }

        // The info is a public label; the counter byte follows it.
        Span<byte> block = stackalloc byte[VaultLabels.MaxLength];
        info.CopyTo(block);
        block[info.Length] = 1;
        HMACSHA256.HashData(prk, block[..(info.Length + 1)], output);
    }

    /// <summary>Encrypts <paramref name="plaintext"/>; <paramref name="sealedOutput"/> receives ciphertext then tag.</summary>
    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad, Span<byte> sealedOutput)
    {
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedOutput[..plaintext.Length], sealedOutput.Slice(plaintext.Length, TagSize), aad);
    }

    /// <summary>Decrypts and authenticates; returns <see langword="false"/> (and a zeroed output) when anything was altered or misplaced.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedInput, ReadOnlySpan<byte> aad, Span<byte> plaintext)
    {
        if (sealedInput.Length < TagSize || plaintext.Length != sealedInput.Length - TagSize || nonce.Length != NonceSize)
        {
            return false;
        }

        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(nonce, sealedInput[..^TagSize], sealedInput[^TagSize..], plaintext, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }
}
