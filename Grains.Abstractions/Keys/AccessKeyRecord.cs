using XaiRouter.Grains.Abstractions.Vault;

namespace XaiRouter.Grains.Abstractions.Keys;

/// <summary>
/// An access key's credential record: what the platform stores about a key. It holds a verifier, a salt and
/// wrapped pool keys, never the key's secret or anything derived from it that opens a slot.
/// </summary>
/// <param name="TenantId">The owning tenant.</param>
/// <param name="KeyId">The public key id (the lookup handle inside the access key).</param>
/// <param name="ParentKeyId">The key that created this one; <see langword="null"/> for a root key.</param>
/// <param name="Kind">Root, sub-account, session or passphrase.</param>
/// <param name="Name">A display name.</param>
/// <param name="Salt">32 random bytes (16 for a passphrase credential's Argon2id salt).</param>
/// <param name="Verifier">HKDF-Expand(PRK, "xai-router/v1/verifier", 32); empty once revoked.</param>
/// <param name="Slots">The pool keys this key can open; empty once revoked.</param>
/// <param name="Manage">Whether the key may use the management API.</param>
/// <param name="Status">Active or revoked.</param>
/// <param name="Version">Increases with every change, so caches can tell a stale record.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="Policy">Models, endpoints, IP ranges, pools, limits and budget; <see langword="null"/> is unrestricted.</param>
/// <param name="PublicKey">
/// The key's X25519 public key (derived from its secret), so a pool can be sealed to it without its secret; null for
/// a record issued before public-key slots existed, until the key authenticates once.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.AccessKeyRecord")]
public sealed record AccessKeyRecord(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string KeyId,
    [property: Id(2)] string? ParentKeyId,
    [property: Id(3)] AccessKeyKind Kind,
    [property: Id(4)] string Name,
    [property: Id(5)] byte[] Salt,
    [property: Id(6)] byte[] Verifier,
    [property: Id(7)] ImmutableArray<Keyslot> Slots,
    [property: Id(8)] bool Manage,
    [property: Id(9)] AccessKeyStatus Status,
    [property: Id(10)] int Version,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset? ExpiresAt,
    [property: Id(13)] KeyPolicy? Policy = null,
    [property: Id(14)] byte[]? PublicKey = null)
{
    /// <summary>The policy, with <see langword="null"/> read as unrestricted.</summary>
    public KeyPolicy EffectivePolicy => Policy ?? KeyPolicy.Unrestricted;

    /// <summary>The slot for <paramref name="pool"/> at <paramref name="version"/>, if the key holds one.</summary>
    public Keyslot? FindSlot(string pool, int version)
    {
        foreach (var slot in Slots)
        {
            if (slot.Version == version && string.Equals(slot.Pool, pool, StringComparison.Ordinal))
            {
                return slot;
            }
        }

        return null;
    }
}
