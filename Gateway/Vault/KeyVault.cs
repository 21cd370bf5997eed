using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// The vault's operations on key material (specification: <c>shared/docs/vault.md</c>, byte layout:
/// <c>Gateway/Vault/FORMAT.md</c>). It issues credentials, verifies secrets and unlocks provider keys; it keeps
/// nothing but the optional pepper, and every intermediate buffer is wiped.
/// </summary>
internal sealed partial class KeyVault : IDisposable
{
    private readonly SecretBuffer _pepper;

    public KeyVault(IOptions<VaultOptions> options)
        : this(options.Value.Pepper is { } pepper ? Encoding.UTF8.GetBytes(pepper) : [])
    {
    }

    /// <summary>Takes a copy of <paramref name="pepper"/>; the caller wipes its own.</summary>
    public KeyVault(ReadOnlySpan<byte> pepper)
    {
        if (pepper.Length > VaultCrypto.MaxPepperSize)
        {
            throw new ArgumentException($"The pepper is longer than {VaultCrypto.MaxPepperSize} bytes.", nameof(pepper));
        }

        _pepper = new SecretBuffer(pepper.Length);
        pepper.CopyTo(_pepper.Span);
    }

    /// <summary>Issues a new access key with a slot for every pool key in <paramref name="pools"/>.</summary>
    /// <param name="template">Everything but key material.</param>
    /// <param name="pools">The pool keys the new key gets slots for.</param>
    /// <param name="keyId">An existing key's id, to give that key a new secret (rotation); a fresh id otherwise.</param>
    public IssuedKey IssueAccessKey(AccessKeyTemplate template, PoolKeyRing pools, string? keyId = null)
    {
        keyId ??= RandomIds.NewKeyId();
        var salt = RandomNumberGenerator.GetBytes(VaultCrypto.SaltSize);
        using var secret = new SecretBuffer(AccessKeyFormat.SecretSize);
        using var prk = new SecretBuffer(VaultCrypto.KeySize);
        RandomNumberGenerator.Fill(secret.Span);
        VaultCrypto.DerivePrk(secret.Span, _pepper.Span, salt, prk.Span);
        var record = BuildRecord(template, keyId, salt, prk, pools);
        return new IssuedKey(AccessKeyFormat.Format(keyId, secret.Span), record);
    }

    /// <summary>
    /// Builds a credential record from an already derived PRK (for a passphrase: the Argon2id output), with a slot
    /// for every pool key in <paramref name="pools"/>.
    /// </summary>
    public static AccessKeyRecord BuildRecord(AccessKeyTemplate template, string keyId, byte[] salt, SecretBuffer prk, PoolKeyRing pools)
    {
        var verifier = new byte[VaultCrypto.KeySize];
        VaultCrypto.DeriveVerifier(prk.Span, verifier);
        Span<byte> kek = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            VaultCrypto.DeriveKek(prk.Span, template.TenantId, keyId, kek);
            var publicKey = SealedSlots.DerivePublicKey(prk.Span, template.TenantId, keyId);
            var slots = ImmutableArray.CreateBuilder<Keyslot>(pools.Count);
            foreach (var (pool, version, key) in pools.Keys)
            {
                slots.Add(WrapSlot(kek, RandomNumberGenerator.GetBytes(VaultCrypto.NonceSize), template.TenantId, keyId, pool, version, key.Span)
                    with { HolderTag = SealedSlots.HolderTag(key.Span, template.TenantId, keyId, pool, version, publicKey) });
            }

            return new AccessKeyRecord(template.TenantId, keyId, template.ParentKeyId, template.Kind, template.Name, salt, verifier,
                slots.MoveToImmutable(), template.Manage, AccessKeyStatus.Active, 1, template.CreatedAt, template.ExpiresAt, template.Policy, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>Wraps a pool key: AES-256-GCM(KEK, nonce, pool key, "xai-router/v1/slot|{tenant}|{keyId}|{pool}|{version}").</summary>
    public static Keyslot WrapSlot(ReadOnlySpan<byte> kek, byte[] nonce, string tenantId, string keyId, string pool, int version, ReadOnlySpan<byte> poolKey)
    {
        Span<byte> aad = stackalloc byte[VaultLabels.MaxLength];
        var aadLength = VaultLabels.Slot(aad, tenantId, keyId, pool, version);
        var sealedKey = new byte[VaultCrypto.KeySize + VaultCrypto.TagSize];
        VaultCrypto.Seal(kek, nonce, poolKey, aad[..aadLength], sealedKey);
        return new Keyslot(pool, version, new SealedSecret(nonce, sealedKey));
    }

    /// <summary>Checks <paramref name="secret"/> against the record's verifier in constant time.</summary>
    /// <returns>The unlocked key (the caller disposes it), or <see langword="null"/> when the secret is wrong.</returns>
    public UnlockedKey? Verify(AccessKeyRecord record, ReadOnlySpan<byte> secret)
    {
        var prk = new SecretBuffer(VaultCrypto.KeySize);
        VaultCrypto.DerivePrk(secret, _pepper.Span, record.Salt, prk.Span);
        return VerifyPrk(record, prk);
    }

    /// <summary>Checks an already derived PRK (a passphrase's Argon2id output); takes ownership of <paramref name="prk"/>.</summary>
    public static UnlockedKey? VerifyPrk(AccessKeyRecord record, SecretBuffer prk)
    {
        Span<byte> verifier = stackalloc byte[VaultCrypto.KeySize];
        VaultCrypto.DeriveVerifier(prk.Span, verifier);
        var matches = record.Verifier.Length == VaultCrypto.KeySize && CryptographicOperations.FixedTimeEquals(verifier, record.Verifier);
        CryptographicOperations.ZeroMemory(verifier);
        if (matches && record.Status == AccessKeyStatus.Active)
        {
            return new UnlockedKey(record, prk);
        }

        prk.Dispose();
        return null;
    }

    /// <summary>
    /// The forwarding pipeline's unlock: derive the PRK and KEK from the secret, open the slot for the provider key's
    /// pool, decrypt the provider key, check its destination binding (<see cref="ProviderKeyCipher.OpenForSending"/>).
    /// Does not check the verifier (authentication did).
    /// </summary>
    /// <returns>The UTF-8 provider key in a buffer the caller wipes, or <see langword="null"/> when this key cannot open it.</returns>
    public SecretBuffer? Unlock(AccessKeyRecord credential, ReadOnlySpan<byte> secret, ProviderKeyRecord providerKey)
    {
        if (!string.Equals(providerKey.TenantId, credential.TenantId, StringComparison.Ordinal))
        {
            return null;
        }

        // Stack buffers for the intermediate keys: no heap copy to wipe, and no pinned allocation per request.
        Span<byte> prk = stackalloc byte[VaultCrypto.KeySize];
        Span<byte> poolKey = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            VaultCrypto.DerivePrk(secret, _pepper.Span, credential.Salt, prk);
            return UnlockedKey.TryOpenSlot(prk, credential, providerKey.Pool, providerKey.PoolVersion, poolKey)
                ? ProviderKeyCipher.OpenForSending(poolKey, providerKey).Plaintext
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
            CryptographicOperations.ZeroMemory(poolKey);
        }
    }

    public void Dispose() => _pepper.Dispose();
}
