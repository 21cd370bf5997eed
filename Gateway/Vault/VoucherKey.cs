namespace XaiRouter.Gateway.Vault;

/// <summary>
/// The pool version that vouches for a public-key slot (FORMAT.md, "Vouchers"): one the recipient already holds, and
/// its key, opened by whoever seals the slot. The caller owns and wipes <paramref name="Key"/>.
/// </summary>
internal readonly record struct VoucherKey(string Pool, int Version, SecretBuffer Key);
