using System.Globalization;
using System.Text.Unicode;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// The HKDF info and AES-GCM AAD strings of the vault specification, written as UTF-8 into a caller's buffer
/// without building strings. Fields are separated by '|', which ids and pool names cannot contain, so every
/// label names exactly one owner.
/// </summary>
internal static class VaultLabels
{
    /// <summary>Large enough for every label: ids are at most 32 characters, pool names 32.</summary>
    public const int MaxLength = 192;

    public static ReadOnlySpan<byte> Verifier => "xai-router/v1/verifier"u8;

    /// <summary><c>xai-router/v1/kek|{tenant}|{keyId}</c></summary>
    public static int Kek(Span<byte> destination, string tenantId, string keyId) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"xai-router/v1/kek|{tenantId}|{keyId}", out var written)
            ? written
            : throw TooLong();

    /// <summary><c>xai-router/v1/slot|{tenant}|{keyId}|{pool}|{version}</c></summary>
    public static int Slot(Span<byte> destination, string tenantId, string keyId, string pool, int version) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"xai-router/v1/slot|{tenantId}|{keyId}|{pool}|{version}", out var written)
            ? written
            : throw TooLong();

    /// <summary><c>xai-router/v1/provider-key|{tenant}|{providerKeyId}|{pool}|{version}</c></summary>
    public static int ProviderKey(Span<byte> destination, string tenantId, string providerKeyId, string pool, int version) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"xai-router/v1/provider-key|{tenantId}|{providerKeyId}|{pool}|{version}", out var written)
            ? written
            : throw TooLong();

    private static ArgumentException TooLong() => new("An id or pool name is too long for a vault label.");
}
