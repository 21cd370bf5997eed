using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// Provider key ciphertexts: AES-256-GCM under the pool key. A bound (v2) record's AAD is
/// <see cref="ProviderKeyBinding"/>: it covers where and how the plaintext is sent as well as its owner. A legacy
/// (v1) record's AAD is "xai-router/v1/provider-key|{tenant}|{id}|{pool}|{version}" (see <c>FORMAT.md</c>).
/// </summary>
internal static class ProviderKeyCipher
{
    /// <summary>Seals <paramref name="plaintext"/> bound to <paramref name="record"/>'s fields.</summary>
    /// <returns>The record as it must be stored: format v2, the new ciphertext.</returns>
    public static ProviderKeyRecord Seal(ReadOnlySpan<byte> poolKey, ProviderKeyRecord record, ReadOnlySpan<byte> plaintext) =>
        Seal(poolKey, RandomNumberGenerator.GetBytes(VaultCrypto.NonceSize), record, plaintext);

    /// <summary>Seals with a given nonce (test vectors); production code uses the overload that draws one.</summary>
    public static ProviderKeyRecord Seal(ReadOnlySpan<byte> poolKey, byte[] nonce, ProviderKeyRecord record, ReadOnlySpan<byte> plaintext)
    {
        var bound = record with { Format = ProviderKeyFormat.BoundV2 };
        Span<byte> stack = stackalloc byte[ProviderKeyBinding.StackLimit];
        var aad = BoundAad(bound, stack);
        var sealedBytes = new byte[plaintext.Length + VaultCrypto.TagSize];
        VaultCrypto.Seal(poolKey, nonce, plaintext, aad, sealedBytes);
        return bound with { Key = new SealedSecret(nonce, sealedBytes) };
    }

    /// <summary>
    /// Seals a record moved to another pool version by a re-key: bound (v2) when the record was bound or its
    /// destination is official; an unverified legacy record stays legacy (and refused), since binding now would
    /// vouch for a destination nobody confirmed.
    /// </summary>
    public static ProviderKeyRecord Reseal(ReadOnlySpan<byte> poolKey, ProviderKeyRecord moved, ReadOnlySpan<byte> plaintext) =>
        moved.Format == ProviderKeyFormat.BoundV2 || LegacyDestinations.IsOfficial(moved)
            ? Seal(poolKey, moved, plaintext)
            : moved with { Key = SealLegacy(poolKey, moved.TenantId, moved.Id, moved.Pool, moved.PoolVersion, plaintext), Format = ProviderKeyFormat.LegacyV1 };

    /// <summary>The legacy (v1) seal, kept for re-keying unverified legacy records and for tests of the migration.</summary>
    public static SealedSecret SealLegacy(ReadOnlySpan<byte> poolKey, string tenantId, string providerKeyId, string pool, int version, ReadOnlySpan<byte> plaintext) =>
        SealLegacy(poolKey, RandomNumberGenerator.GetBytes(VaultCrypto.NonceSize), tenantId, providerKeyId, pool, version, plaintext);

    /// <summary>The legacy (v1) seal with a given nonce (test vectors).</summary>
    public static SealedSecret SealLegacy(ReadOnlySpan<byte> poolKey, byte[] nonce, string tenantId, string providerKeyId, string pool, int version, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> aad = stackalloc byte[VaultLabels.MaxLength];
        var aadLength = VaultLabels.ProviderKey(aad, tenantId, providerKeyId, pool, version);
        var sealedBytes = new byte[plaintext.Length + VaultCrypto.TagSize];
        VaultCrypto.Seal(poolKey, nonce, plaintext, aad[..aadLength], sealedBytes);
        return new SealedSecret(nonce, sealedBytes);
    }

    /// <summary>
    /// Decrypts into a buffer the caller wipes, or returns <see langword="null"/> when authentication fails: whatever
    /// the record's format, a ciphertext whose record changed in a bound field does not open. It does not apply
    /// the legacy destination rule: that is <see cref="OpenForSending"/>'s.
    /// </summary>
    public static SecretBuffer? Open(ReadOnlySpan<byte> poolKey, ProviderKeyRecord record)
    {
        var ciphertext = record.Key.Ciphertext;
        if (ciphertext.Length < VaultCrypto.TagSize)
        {
            return null;
        }

        Span<byte> stack = stackalloc byte[VaultLabels.MaxLength];
        scoped ReadOnlySpan<byte> aad;
        switch (record.Format)
        {
            case ProviderKeyFormat.BoundV2:
                // Built once per record version (it holds no secret and depends on the record alone).
                aad = Forwarding.ProviderKeyShape.Of(record).BoundAad;
                break;
            case ProviderKeyFormat.LegacyV1:
                aad = stack[..VaultLabels.ProviderKey(stack, record.TenantId, record.Id, record.Pool, record.PoolVersion)];
                break;
            default:
                return null;
        }

        var plaintext = new SecretBuffer(ciphertext.Length - VaultCrypto.TagSize);
        if (VaultCrypto.TryOpen(poolKey, record.Key.Nonce, ciphertext, aad, plaintext.Span))
        {
            return plaintext;
        }

        plaintext.Dispose();
        return null;
    }

    /// <summary>Decrypts a provider key that is about to be sent to <paramref name="record"/>'s destination, if it may be.</summary>
    public static ProviderKeyUnlock OpenForSending(ReadOnlySpan<byte> poolKey, ProviderKeyRecord record)
    {
        var plaintext = Open(poolKey, record);
        if (plaintext is null)
        {
            return ProviderKeyUnlock.Refused(ProviderKeyRefusal.BindingFailed);
        }

        if (record.Format != ProviderKeyFormat.BoundV2 && !LegacyDestinations.IsOfficial(record))
        {
            plaintext.Dispose();
            return ProviderKeyUnlock.Refused(ProviderKeyRefusal.UnboundDestination);
        }

        return new ProviderKeyUnlock(plaintext, ProviderKeyRefusal.None);
    }

    /// <summary>The v2 AAD in <paramref name="stack"/> when it fits, else on the heap (it holds no secret).</summary>
    private static Span<byte> BoundAad(ProviderKeyRecord record, Span<byte> stack)
    {
        var length = ProviderKeyBinding.Length(record);
        var buffer = length <= stack.Length ? stack : new byte[length];
        return buffer[..ProviderKeyBinding.Write(buffer, record)];
    }
}
