using System.Text.Json.Serialization;

namespace XaiRouter.Grains.Abstractions.Vault;

/// <summary>
/// A pool key wrapped under one access key's key-encryption key; the AAD binds it to tenant, key id, pool and version.
/// </summary>
/// <param name="Pool">The pool name.</param>
/// <param name="Version">The pool key version this slot opens.</param>
/// <param name="Sealed">The wrapped 32-byte pool key.</param>
/// <param name="EphemeralPublicKey">
/// Null for a symmetric slot (wrapped under the key's KEK); for a slot sealed to the key's public key, the sender's
/// ephemeral X25519 public key (FORMAT.md, "Public-key slots").
/// </param>
/// <param name="HolderTag">
/// HMAC-SHA256 under this slot's pool key of the holder's id and public key (FORMAT.md, "Holder tags"): whoever
/// re-keys the pool checks it before sealing the next version to that public key, so a public key edited in the
/// database is never sealed to. Null on slots written before public-key slots existed.
/// </param>
/// <param name="VoucherPool">
/// For a public-key slot, the pool whose key <see cref="Voucher"/> is keyed by: one the recipient already held
/// (FORMAT.md, "Vouchers"). Null on symmetric slots.
/// </param>
/// <param name="VoucherVersion">The version of <see cref="VoucherPool"/> the voucher is keyed by.</param>
/// <param name="Voucher">
/// HMAC-SHA256 under that pool key of the slot's owner, place and bytes: a public-key slot without a voucher the key
/// can verify with its own slot for (VoucherPool, VoucherVersion) is never opened nor converted, so a database writer,
/// who can seal to any stored public key, cannot plant a pool key.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.Keyslot")]
public sealed record Keyslot(
    [property: Id(0)] string Pool,
    [property: Id(1)] int Version,
    [property: Id(2)] SealedSecret Sealed,
    [property: Id(3)] byte[]? EphemeralPublicKey = null,
    [property: Id(4)] byte[]? HolderTag = null,
    [property: Id(5)] string? VoucherPool = null,
    [property: Id(6)] int VoucherVersion = 0,
    [property: Id(7)] byte[]? Voucher = null)
{
    /// <summary>Whether the slot is sealed to the key's public key (opened with X25519) rather than wrapped under its KEK.</summary>
    [JsonIgnore]
    public bool IsSealedToPublicKey => EphemeralPublicKey is not null;
}
