using System.Security.Cryptography;
using NSec.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// Public-key slots, age-style: a pool key sealed to an access key's X25519 public key, so it can be granted or
/// re-keyed for a key without its secret (FORMAT.md, "Public-key slots").
/// </summary>
/// <remarks>
/// private key = X25519 scalar from HKDF-Expand(PRK, "xai-router/v2/x25519|{tenant}|{keyId}", 32);
/// wrap key = HKDF-SHA256(IKM = X25519(ephemeral, recipient), salt = ephemeral public || recipient public,
/// info = label); slot = AES-256-GCM(wrap key, nonce, pool key, AAD = label), where label =
/// "xai-router/v2/sealed-slot|{tenant}|{keyId}|{pool}|{version}".
/// </remarks>
internal static class SealedSlots
{
    public const int PublicKeySize = 32;

    private static readonly KeyAgreementAlgorithm Agreement = KeyAgreementAlgorithm.X25519;

    /// <summary>The X25519 public key of the access key whose PRK is <paramref name="prk"/>.</summary>
    public static byte[] DerivePublicKey(ReadOnlySpan<byte> prk, string tenantId, string keyId)
    {
        using var key = DerivePrivateKey(prk, tenantId, keyId);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>
    /// Seals <paramref name="poolKey"/> to <paramref name="recipientPublicKey"/> with a fresh ephemeral key and nonce,
    /// vouched for by <paramref name="voucher"/>: a pool version the recipient already holds.
    /// </summary>
    public static Keyslot Seal(ReadOnlySpan<byte> recipientPublicKey, string tenantId, string keyId, string pool, int version, ReadOnlySpan<byte> poolKey,
        VoucherKey voucher)
    {
        using var ephemeral = new Key(Agreement);
        return Seal(ephemeral, RandomNumberGenerator.GetBytes(VaultCrypto.NonceSize), recipientPublicKey, tenantId, keyId, pool, version, poolKey, voucher);
    }

    /// <summary>Seals with a given ephemeral key and nonce (the test vectors fix both).</summary>
    public static Keyslot Seal(Key ephemeral, byte[] nonce, ReadOnlySpan<byte> recipientPublicKey, string tenantId, string keyId, string pool, int version,
        ReadOnlySpan<byte> poolKey, VoucherKey voucher)
    {
        var recipient = PublicKey.Import(Agreement, recipientPublicKey, KeyBlobFormat.RawPublicKey);
        var ephemeralPublic = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Span<byte> label = stackalloc byte[VaultLabels.MaxLength];
        Span<byte> wrapKey = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            var labelLength = SealedSlotLabels.SealedSlot(label, tenantId, keyId, pool, version);
            if (!TryDeriveWrapKey(ephemeral, recipient, ephemeralPublic, recipientPublicKey, label[..labelLength], wrapKey))
            {
                throw new CryptographicException("The recipient's public key is not usable for X25519.");
            }

            var sealedKey = new byte[VaultCrypto.KeySize + VaultCrypto.TagSize];
            VaultCrypto.Seal(wrapKey, nonce, poolKey, label[..labelLength], sealedKey);
            var slot = new Keyslot(pool, version, new SealedSecret(nonce, sealedKey), ephemeralPublic,
                HolderTag(poolKey, tenantId, keyId, pool, version, recipientPublicKey), voucher.Pool, voucher.Version);
            return slot with { Voucher = Voucher(voucher.Key.Span, tenantId, keyId, slot) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    /// <summary>HMAC-SHA256(pool key, "xai-router/v2/holder|{tenant}|{keyId}|{pool}|{version}|" ‖ public key).</summary>
    public static byte[] HolderTag(ReadOnlySpan<byte> poolKey, string tenantId, string keyId, string pool, int version, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> message = stackalloc byte[VaultLabels.MaxLength + PublicKeySize];
        var length = SealedSlotLabels.Holder(message, tenantId, keyId, pool, version);
        publicKey.CopyTo(message[length..]);
        return HMACSHA256.HashData(poolKey, message[..(length + publicKey.Length)]);
    }

    /// <summary>
    /// Whether <paramref name="holder"/>'s stored public key is the one a holder of the pool vouched for: its slot for
    /// <paramref name="pool"/> at <paramref name="version"/> carries a holder tag that <paramref name="poolKey"/> confirms.
    /// </summary>
    public static bool IsVouchedFor(AccessKeyRecord holder, string pool, int version, ReadOnlySpan<byte> poolKey)
    {
        if (holder.PublicKey is not { Length: PublicKeySize } publicKey || holder.FindSlot(pool, version) is not { HolderTag: { } tag })
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(tag, HolderTag(poolKey, holder.TenantId, holder.KeyId, pool, version, publicKey));
    }

    /// <summary>
    /// HMAC-SHA256(voucher pool key, "xai-router/v2/voucher|{tenant}|{keyId}|{pool}|{version}|{voucherPool}|{voucherVersion}|"
    /// ‖ ephemeral public key (32) ‖ nonce (12) ‖ sealed pool key and tag (48)).
    /// </summary>
    public static byte[] Voucher(ReadOnlySpan<byte> voucherKey, string tenantId, string keyId, Keyslot slot)
    {
        if (slot.VoucherPool is not { } voucherPool || slot.EphemeralPublicKey is not { } ephemeralPublic)
        {
            throw new ArgumentException("Only a public-key slot naming its voucher pool has a voucher.", nameof(slot));
        }

        var message = new byte[2 * VaultLabels.MaxLength + ephemeralPublic.Length + slot.Sealed.Nonce.Length + slot.Sealed.Ciphertext.Length];
        var length = SealedSlotLabels.Voucher(message, tenantId, keyId, slot.Pool, slot.Version, voucherPool, slot.VoucherVersion);
        ephemeralPublic.CopyTo(message, length);
        length += ephemeralPublic.Length;
        slot.Sealed.Nonce.CopyTo(message, length);
        length += slot.Sealed.Nonce.Length;
        slot.Sealed.Ciphertext.CopyTo(message, length);
        length += slot.Sealed.Ciphertext.Length;
        return HMACSHA256.HashData(voucherKey, message.AsSpan(0, length));
    }

    /// <summary>Whether <paramref name="slot"/>'s voucher verifies under <paramref name="voucherKey"/> (constant time).</summary>
    public static bool IsVoucherValid(ReadOnlySpan<byte> voucherKey, string tenantId, string keyId, Keyslot slot) =>
        slot is { Voucher: { Length: 32 } voucher, VoucherPool: not null, EphemeralPublicKey: not null }
        && CryptographicOperations.FixedTimeEquals(voucher, Voucher(voucherKey, tenantId, keyId, slot));

    /// <summary>
    /// The (pool, version) slots that vouch, directly or through other public-key slots, for the public-key slots among
    /// <paramref name="slots"/>: a key must keep them until its next authentication converts those slots.
    /// </summary>
    public static HashSet<(string Pool, int Version)> VoucherSlots(IReadOnlyCollection<Keyslot> slots)
    {
        var needed = new HashSet<(string Pool, int Version)>();
        var pending = new Queue<Keyslot>(slots.Where(static s => s.IsSealedToPublicKey));
        while (pending.TryDequeue(out var slot))
        {
            if (slot.VoucherPool is { } voucherPool && needed.Add((voucherPool, slot.VoucherVersion))
                && slots.FirstOrDefault(s => s.Pool == voucherPool && s.Version == slot.VoucherVersion) is { IsSealedToPublicKey: true } voucherSlot)
            {
                pending.Enqueue(voucherSlot);
            }
        }

        return needed;
    }

    /// <summary>Opens a public-key slot of <paramref name="record"/> with the key's PRK into <paramref name="poolKey"/> (zeroed on failure).</summary>
    public static bool TryOpen(ReadOnlySpan<byte> prk, AccessKeyRecord record, Keyslot slot, Span<byte> poolKey)
    {
        if (slot.EphemeralPublicKey is not { Length: PublicKeySize } ephemeralPublic
            || !PublicKey.TryImport(Agreement, ephemeralPublic, KeyBlobFormat.RawPublicKey, out var ephemeral) || ephemeral is null)
        {
            return false;
        }

        using var privateKey = DerivePrivateKey(prk, record.TenantId, record.KeyId);
        var recipientPublic = privateKey.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Span<byte> label = stackalloc byte[VaultLabels.MaxLength];
        Span<byte> wrapKey = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            var labelLength = SealedSlotLabels.SealedSlot(label, record.TenantId, record.KeyId, slot.Pool, slot.Version);
            return TryDeriveWrapKey(privateKey, ephemeral, ephemeralPublic, recipientPublic, label[..labelLength], wrapKey)
                && VaultCrypto.TryOpen(wrapKey, slot.Sealed.Nonce, slot.Sealed.Ciphertext, label[..labelLength], poolKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    /// <summary>The key's X25519 private key; libsodium keeps it in memory it wipes on dispose.</summary>
    private static Key DerivePrivateKey(ReadOnlySpan<byte> prk, string tenantId, string keyId)
    {
        Span<byte> info = stackalloc byte[VaultLabels.MaxLength];
        Span<byte> seed = stackalloc byte[VaultCrypto.KeySize];
        try
        {
            var infoLength = SealedSlotLabels.X25519(info, tenantId, keyId);
            HKDF.Expand(HashAlgorithmName.SHA256, prk, seed, info[..infoLength]);
            return Key.Import(Agreement, seed, KeyBlobFormat.RawPrivateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>HKDF-SHA256 over the X25519 result, salted with both public keys (ephemeral first); false for a low-order point.</summary>
    private static bool TryDeriveWrapKey(Key ownKey, PublicKey otherKey, ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> recipientPublic,
        ReadOnlySpan<byte> info, Span<byte> wrapKey)
    {
        using var shared = Agreement.Agree(ownKey, otherKey);
        if (shared is null)
        {
            return false;
        }

        Span<byte> salt = stackalloc byte[2 * PublicKeySize];
        ephemeralPublic.CopyTo(salt);
        recipientPublic.CopyTo(salt[PublicKeySize..]);
        KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(shared, salt, info, wrapKey);
        return true;
    }
}
