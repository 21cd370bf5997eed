using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// An access key whose secret was verified, holding its PRK for the rest of one request: it can open the key's
/// pool slots and decrypt provider keys. Disposing wipes the PRK; the request's owner disposes it.
/// </summary>
internal sealed class UnlockedKey(AccessKeyRecord record, SecretBuffer prk) : IDisposable
{
    public AccessKeyRecord Record
    {
        get;
        private set
        {
            field = value;
            _policyChain = null;
        }
    } = record;

    public string TenantId => Record.TenantId;

    /// <summary>The key's parent, its parent's parent, and so on up to the root (set by authentication).</summary>
    public ImmutableArray<AccessKeyRecord> Ancestors
    {
        get;
        set
        {
            field = value;
            _policyChain = null;
        }
    } = [];

    /// <summary>The tenant's vault index as read when the key was authenticated (set by authentication).</summary>
    public TenantVault? Tenant { get; set; }

    /// <summary>The product of the price multipliers of the key and its ancestors (resellers' markups compound), saturating.</summary>
    public decimal PriceMultiplier
    {
        get
        {
            var product = 1m;
            foreach (var policy in PolicyChain)
            {
                product = Limits.PriceFactors.Times(product, policy.PriceMultiplier);
            }

            return product;
        }
    }

    /// <summary>The policies a request must satisfy: the key's own and every ancestor's.</summary>
    public IEnumerable<KeyPolicy> Policies => PolicyChain;

    /// <summary>
    /// <see cref="Policies"/> as an array, built once per request (several checks walk it per request: endpoint,
    /// address, models, each provider key's pool); rebuilt when the record or the ancestors change.
    /// </summary>
    public KeyPolicy[] PolicyChain
    {
        get
        {
            if (_policyChain is { } chain)
            {
                return chain;
            }

            chain = new KeyPolicy[Ancestors.Length + 1];
            chain[0] = Record.EffectivePolicy;
            for (var i = 0; i < Ancestors.Length; i++)
            {
                chain[i + 1] = Ancestors[i].EffectivePolicy;
            }

            return _policyChain = chain;
        }
    }

    private KeyPolicy[]? _policyChain;

    /// <summary>Opens this key's slot for <paramref name="pool"/> at <paramref name="version"/>.</summary>
    /// <returns>The pool key (the caller disposes it), or <see langword="null"/> when the key holds no such slot.</returns>
    public SecretBuffer? OpenPoolKey(string pool, int version)
    {
        var poolKey = new SecretBuffer(VaultCrypto.KeySize);
        if (TryOpenSlot(prk.Span, Record, pool, version, poolKey.Span))
        {
            return poolKey;
        }

        poolKey.Dispose();
        return null;
    }

    /// <summary>
    /// Opens <paramref name="record"/>'s slot for a pool version with the key's PRK: derive the KEK, check the slot's
    /// AAD, decrypt the pool key into <paramref name="poolKey"/> (32 bytes, zeroed on failure).
    /// </summary>
    public static bool TryOpenSlot(ReadOnlySpan<byte> prk, AccessKeyRecord record, string pool, int version, Span<byte> poolKey) =>
        TryOpenSlot(prk, record, pool, version, poolKey, MaxVoucherDepth);

    /// <summary>
    /// How many public-key slots deep a voucher chain may go: one per re-key of a pool made before its holder
    /// authenticated again (each voucher is keyed by the version before), and one for a pool created for the root.
    /// </summary>
    public const int MaxVoucherDepth = 16;

    private static bool TryOpenSlot(ReadOnlySpan<byte> prk, AccessKeyRecord record, string pool, int version, Span<byte> poolKey, int depth)
    {
        if (record.FindSlot(pool, version) is not { } slot)
        {
            return false;
        }

        if (slot.IsSealedToPublicKey)
        {
            // A grant or re-key made without this key's secret; converted to a symmetric slot at its next authentication.
            // Anyone can seal to a stored public key, so the slot counts only if a pool version this key already holds
            // vouches for it; otherwise it is never opened.
            return depth > 0 && IsVouched(prk, record, slot, depth) && SealedSlots.TryOpen(prk, record, slot, poolKey);
        }

        Span<byte> kek = stackalloc byte[VaultCrypto.KeySize];
        Span<byte> aad = stackalloc byte[VaultLabels.MaxLength];
        try
        {
            VaultCrypto.DeriveKek(prk, record.TenantId, record.KeyId, kek);
            var aadLength = VaultLabels.Slot(aad, record.TenantId, record.KeyId, pool, version);
            return VaultCrypto.TryOpen(kek, slot.Sealed.Nonce, slot.Sealed.Ciphertext, aad[..aadLength], poolKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>Whether the key opens its own slot for the public-key slot's voucher pool version and the voucher verifies under it.</summary>
    private static bool IsVouched(ReadOnlySpan<byte> prk, AccessKeyRecord record, Keyslot slot, int depth)
    {
        if (slot.VoucherPool is not { } voucherPool || slot.Voucher is null
            || (voucherPool == slot.Pool && slot.VoucherVersion == slot.Version))
        {
            return false;
        }

        Span<byte> voucherKey = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            return TryOpenSlot(prk, record, voucherPool, slot.VoucherVersion, voucherKey, depth - 1)
                && SealedSlots.IsVoucherValid(voucherKey, record.TenantId, record.KeyId, slot);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(voucherKey);
        }
    }

    /// <summary>Wraps <paramref name="poolKey"/> into a new slot of this key (for a pool it creates or re-keys), with its holder tag.</summary>
    public Keyslot WrapSlot(string pool, int version, ReadOnlySpan<byte> poolKey)
    {
        Span<byte> kek = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            VaultCrypto.DeriveKek(prk.Span, TenantId, Record.KeyId, kek);
            return KeyVault.WrapSlot(kek, RandomNumberGenerator.GetBytes(VaultCrypto.NonceSize), TenantId, Record.KeyId, pool, version, poolKey)
                with { HolderTag = SealedSlots.HolderTag(poolKey, TenantId, Record.KeyId, pool, version, OwnPublicKey) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>Opens every slot the key holds.</summary>
    public PoolKeyRing OpenAllPoolKeys()
    {
        var ring = new PoolKeyRing();
        foreach (var slot in Record.Slots)
        {
            if (OpenPoolKey(slot.Pool, slot.Version) is { } key)
            {
                ring.Add(slot.Pool, slot.Version, key);
            }
        }

        return ring;
    }

    /// <summary>
    /// Decrypts a provider key of this key's tenant, if the key holds a slot for its pool and version and the
    /// ciphertext authenticates, for re-sealing it; the forwarding uses <see cref="UnlockForSending"/>.
    /// </summary>
    /// <returns>The UTF-8 plaintext in a buffer the caller wipes, or <see langword="null"/>.</returns>
    public SecretBuffer? DecryptProviderKey(ProviderKeyRecord providerKey)
    {
        if (!string.Equals(providerKey.TenantId, TenantId, StringComparison.Ordinal))
        {
            return null;
        }

        using var poolKey = OpenPoolKey(providerKey.Pool, providerKey.PoolVersion);
        return poolKey is null ? null : ProviderKeyCipher.Open(poolKey.Span, providerKey);
    }

    /// <summary>
    /// Unlocks a provider key of this key's tenant for sending it to its record's destination: the slot must open,
    /// the ciphertext must authenticate against the record's binding, and a legacy record must point at its
    /// provider kind's official URL.
    /// </summary>
    public ProviderKeyUnlock UnlockForSending(ProviderKeyRecord providerKey)
    {
        if (!string.Equals(providerKey.TenantId, TenantId, StringComparison.Ordinal))
        {
            return ProviderKeyUnlock.Refused(ProviderKeyRefusal.NoSlot);
        }

        // The pool key lives on the stack for this call only: no pinned heap allocation per attempt, wiped below.
        Span<byte> poolKey = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            return TryOpenSlot(prk.Span, Record, providerKey.Pool, providerKey.PoolVersion, poolKey)
                ? ProviderKeyCipher.OpenForSending(poolKey, providerKey)
                : ProviderKeyUnlock.Refused(ProviderKeyRefusal.NoSlot);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(poolKey);
        }
    }

    /// <summary>
    /// Takes <paramref name="current"/> (the stored record, read again under the tenant's vault-write lease) as this
    /// key's record, if it still belongs to the same secret: same id, same verifier, active.
    /// </summary>
    /// <returns><see langword="false"/> when the key was rotated or revoked meanwhile.</returns>
    public bool TryRefresh(AccessKeyRecord current)
    {
        if (current.Status != AccessKeyStatus.Active || !string.Equals(current.KeyId, Record.KeyId, StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(current.Verifier, Record.Verifier))
        {
            return false;
        }

        Record = current;
        return true;
    }

    /// <summary>
    /// Wraps <paramref name="poolKey"/> for <paramref name="holder"/>: symmetric when it is this key, sealed to its public
    /// key otherwise, vouched for by <paramref name="voucher"/> (a pool version the holder already holds; unused for this key).
    /// </summary>
    /// <returns>The slot, or <see langword="null"/> when the holder has no public key yet.</returns>
    public Keyslot? WrapSlotFor(AccessKeyRecord holder, string pool, int version, ReadOnlySpan<byte> poolKey, VoucherKey voucher) =>
        string.Equals(holder.KeyId, Record.KeyId, StringComparison.Ordinal) ? WrapSlot(pool, version, poolKey)
        : holder.PublicKey is { Length: SealedSlots.PublicKeySize } publicKey ? SealedSlots.Seal(publicKey, TenantId, holder.KeyId, pool, version, poolKey, voucher)
        : null;

    /// <summary>
    /// The record as it should be stored for the request path's fast path: with its public key (a record issued before
    /// public-key slots had none) and every public-key slot it can open turned into a symmetric one.
    /// </summary>
    /// <returns>The upgraded record, or <see langword="null"/> when there is nothing to change.</returns>
    public AccessKeyRecord? UpgradedRecord()
    {
        if (Record.PublicKey is not null && !Record.Slots.Any(static s => s.IsSealedToPublicKey || s.HolderTag is null))
        {
            return null;
        }

        var slots = ImmutableArray.CreateBuilder<Keyslot>(Record.Slots.Length);
        var changed = Record.PublicKey is null;
        Span<byte> poolKey = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            foreach (var slot in Record.Slots)
            {
                // A slot this key cannot open stays as it is (and does not make the record "changed": no write per request).
                if ((slot.IsSealedToPublicKey || slot.HolderTag is null) && TryOpenSlot(prk.Span, Record, slot.Pool, slot.Version, poolKey))
                {
                    slots.Add(WrapSlot(slot.Pool, slot.Version, poolKey));
                    changed = true;
                }
                else
                {
                    slots.Add(slot);
                }

                CryptographicOperations.ZeroMemory(poolKey);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(poolKey);
        }

        if (!changed)
        {
            return null;
        }

        return Record with { Slots = WithoutSupersededVersions(slots.MoveToImmutable()), PublicKey = OwnPublicKey };
    }

    /// <summary>
    /// Drops the versions of a pool older than its newest symmetric slot, once that version is the tenant's current one
    /// (a re-key still under way could undo a newer one) and no remaining public-key slot is vouched for by them: a
    /// re-key keeps a holder's older versions as vouchers until the holder converted its new slot.
    /// </summary>
    private ImmutableArray<Keyslot> WithoutSupersededVersions(ImmutableArray<Keyslot> slots)
    {
        if (Tenant is not { } tenant)
        {
            return slots;
        }

        var vouchers = SealedSlots.VoucherSlots(slots);
        return slots.RemoveAll(slot => !slot.IsSealedToPublicKey && !vouchers.Contains((slot.Pool, slot.Version))
            && tenant.Pools.TryGetValue(slot.Pool, out var current)
            && slots.Any(newer => !newer.IsSealedToPublicKey && newer.Pool == slot.Pool && newer.Version > slot.Version && newer.Version <= current));
    }

    /// <summary>This key's public key, derived from its PRK (never taken from the stored record, which a database writer could edit).</summary>
    private byte[] OwnPublicKey => _ownPublicKey ??= SealedSlots.DerivePublicKey(prk.Span, TenantId, Record.KeyId);

    private byte[]? _ownPublicKey;

    public void Dispose() => prk.Dispose();
}
