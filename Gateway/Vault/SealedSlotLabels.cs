using System.Globalization;
using System.Text.Unicode;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// The HKDF info and AES-GCM AAD strings of public-key slots (FORMAT.md, "Public-key slots"), written as UTF-8 like
/// <see cref="VaultLabels"/>. A separate "v2" namespace, so no v1 label can ever collide with them.
/// </summary>
internal static class SealedSlotLabels
{
    /// <summary><c>xai-router/v2/x25519|{tenant}|{keyId}</c>: the info that derives a key's X25519 private key from its PRK.</summary>
    public static int X25519(Span<byte> destination, string tenantId, string keyId) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"xai-router/v2/x25519|{tenantId}|{keyId}", out var written)
            ? written
            : throw TooLong();

    /// <summary><c>xai-router/v2/sealed-slot|{tenant}|{keyId}|{pool}|{version}</c>: the wrap key's HKDF info and the slot's AAD.</summary>
    public static int SealedSlot(Span<byte> destination, string tenantId, string keyId, string pool, int version) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"xai-router/v2/sealed-slot|{tenantId}|{keyId}|{pool}|{version}", out var written)
            ? written
            : throw TooLong();

    /// <summary><c>xai-router/v2/holder|{tenant}|{keyId}|{pool}|{version}|</c>: the holder tag's message, before the 32-byte public key.</summary>
    public static int Holder(Span<byte> destination, string tenantId, string keyId, string pool, int version) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"xai-router/v2/holder|{tenantId}|{keyId}|{pool}|{version}|", out var written)
            ? written
            : throw TooLong();

    /// <summary>
    /// <c>xai-router/v2/voucher|{tenant}|{keyId}|{pool}|{version}|{voucherPool}|{voucherVersion}|</c>: the voucher's
    /// message, before the slot's ephemeral public key, nonce and sealed bytes.
    /// </summary>
    public static int Voucher(Span<byte> destination, string tenantId, string keyId, string pool, int version, string voucherPool, int voucherVersion) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture,
            $"xai-router/v2/voucher|{tenantId}|{keyId}|{pool}|{version}|{voucherPool}|{voucherVersion}|", out var written)
            ? written
            : throw TooLong();

    private static ArgumentException TooLong() => new("An id or pool name is too long for a vault label.");
}
