using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace XaiRouter.Gateway.Vault.Tests;

/// <summary>Public-key slots: the vector of the independent Python implementation, and what a slot refuses.</summary>
public sealed class SealedSlotTests
{
    [Fact]
    public void SealedSlot_TestVector_MatchesByteForByteAndOpens()
    {
        var (input, output) = Vector();
        var prk = new byte[32];
        VaultCrypto.DerivePrk(Hex(input, "secret_hex"), Encoding.UTF8.GetBytes(Text(input, "pepper_utf8")), Hex(input, "salt_hex"), prk);
        var (tenant, keyId, pool, version) = (Text(input, "tenant"), Text(input, "key_id"), Text(input, "pool"), input.GetProperty("version").GetInt32());
        var labels = new byte[VaultLabels.MaxLength];

        var publicKey = SealedSlots.DerivePublicKey(prk, tenant, keyId);
        using var ephemeral = Key.Import(KeyAgreementAlgorithm.X25519, Hex(input, "ephemeral_private_hex"), KeyBlobFormat.RawPrivateKey);
        var (voucherPool, voucherVersion) = (Text(input, "voucher_pool"), input.GetProperty("voucher_version").GetInt32());
        using var voucherKey = Secret(Hex(input, "voucher_key_hex"));
        var slot = SealedSlots.Seal(ephemeral, Hex(input, "nonce_hex"), publicKey, tenant, keyId, pool, version, Hex(input, "pool_key_hex"),
            new VoucherKey(voucherPool, voucherVersion, voucherKey));
        var record = Record(tenant, keyId, slot, publicKey, VoucherSlot(prk, tenant, keyId, voucherPool, voucherVersion, voucherKey.Span));
        var opened = new byte[32];

        Assert.Equal(Text(output, "prk_hex"), Convert.ToHexStringLower(prk));
        Assert.Equal(Text(output, "x25519_info"), Encoding.UTF8.GetString(labels, 0, SealedSlotLabels.X25519(labels, tenant, keyId)));
        Assert.Equal(Text(output, "label"), Encoding.UTF8.GetString(labels, 0, SealedSlotLabels.SealedSlot(labels, tenant, keyId, pool, version)));
        Assert.Equal(Text(output, "public_key_hex"), Convert.ToHexStringLower(publicKey));
        Assert.Equal(Text(output, "ephemeral_public_hex"), Convert.ToHexStringLower(slot.EphemeralPublicKey!));
        Assert.Equal(Text(output, "sealed_hex"), Convert.ToHexStringLower(slot.Sealed.Ciphertext));
        Assert.Equal(Text(output, "holder_tag_hex"), Convert.ToHexStringLower(slot.HolderTag!));
        Assert.Equal(Text(output, "voucher_label"),
            Encoding.UTF8.GetString(labels, 0, SealedSlotLabels.Voucher(labels, tenant, keyId, pool, version, voucherPool, voucherVersion)));
        Assert.Equal(Text(output, "voucher_hex"), Convert.ToHexStringLower(slot.Voucher!));
        Assert.True(SealedSlots.IsVouchedFor(record, pool, version, Hex(input, "pool_key_hex")));
        Assert.False(SealedSlots.IsVouchedFor(record with { PublicKey = RandomNumberGenerator.GetBytes(32) }, pool, version, Hex(input, "pool_key_hex")));
        Assert.True(UnlockedKey.TryOpenSlot(prk, record, pool, version, opened));
        Assert.Equal(Text(input, "pool_key_hex"), Convert.ToHexStringLower(opened));
    }

    [Theory]
    [InlineData("tenant")]
    [InlineData("key")]
    [InlineData("pool")]
    [InlineData("version")]
    [InlineData("prk")]
    public void SealedSlot_MovedOrOpenedByAnotherKey_FailsAuthentication(string change)
    {
        var prk = RandomNumberGenerator.GetBytes(32);
        var poolKey = RandomNumberGenerator.GetBytes(32);
        var publicKey = SealedSlots.DerivePublicKey(prk, "TenantA", "KeyA");
        using var voucherKey = Secret(RandomNumberGenerator.GetBytes(32));
        var slot = SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, poolKey, new VoucherKey("default", 2, voucherKey));
        var (tenant, keyId) = (change == "tenant" ? "TenantB" : "TenantA", change == "key" ? "KeyB" : "KeyA");
        var record = Record(tenant, keyId, slot with { Pool = change == "pool" ? "prod" : "default", Version = change == "version" ? 4 : 3 }, publicKey,
            VoucherSlot(prk, tenant, keyId, "default", 2, voucherKey.Span));
        var opened = new byte[32];

        Assert.False(UnlockedKey.TryOpenSlot(change == "prk" ? RandomNumberGenerator.GetBytes(32) : prk, record, record.Slots[0].Pool, record.Slots[0].Version, opened));
        Assert.Equal(new byte[32], opened);
    }

    /// <summary>
    /// Anyone can seal to a stored public key: a public-key slot counts only with a voucher under a pool version the
    /// key already holds, made for this very slot. Every other case is never opened.
    /// </summary>
    [Theory]
    [InlineData("none")]
    [InlineData("forged")]
    [InlineData("from-another-slot")]
    [InlineData("slot-bytes-swapped")]
    [InlineData("from-another-key")]
    [InlineData("pool-not-held")]
    [InlineData("self-vouching")]
    public void SealedSlot_WithoutAValidVoucher_IsNeverOpened(string voucher)
    {
        var prk = RandomNumberGenerator.GetBytes(32);
        var otherPrk = RandomNumberGenerator.GetBytes(32);
        var publicKey = SealedSlots.DerivePublicKey(prk, "TenantA", "KeyA");
        using var voucherKey = Secret(RandomNumberGenerator.GetBytes(32));
        using var forgedKey = Secret(RandomNumberGenerator.GetBytes(32));
        var vouching = new VoucherKey("default", 2, voucherKey);
        var genuine = SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, RandomNumberGenerator.GetBytes(32), vouching);
        var other = SealedSlots.Seal(publicKey, "TenantA", "KeyA", "prod", 1, RandomNumberGenerator.GetBytes(32), vouching);
        var otherKeys = SealedSlots.Seal(SealedSlots.DerivePublicKey(otherPrk, "TenantA", "KeyB"), "TenantA", "KeyB", "default", 3,
            RandomNumberGenerator.GetBytes(32), vouching);
        var slot = voucher switch
        {
            "none" => genuine with { Voucher = null, VoucherPool = null },
            "forged" => SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, RandomNumberGenerator.GetBytes(32), new VoucherKey("default", 2, forgedKey)),
            "from-another-slot" => genuine with { Voucher = other.Voucher },
            "slot-bytes-swapped" => genuine with { Sealed = SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, RandomNumberGenerator.GetBytes(32), vouching).Sealed },
            "from-another-key" => genuine with { Voucher = otherKeys.Voucher },
            "pool-not-held" => SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, RandomNumberGenerator.GetBytes(32), new VoucherKey("prod", 7, voucherKey)),
            _ => SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, RandomNumberGenerator.GetBytes(32), new VoucherKey("default", 3, voucherKey)),
        };
        var record = Record("TenantA", "KeyA", slot, publicKey, VoucherSlot(prk, "TenantA", "KeyA", "default", 2, voucherKey.Span));
        var opened = new byte[32];

        Assert.True(UnlockedKey.TryOpenSlot(prk, record with { Slots = [genuine, record.Slots[1]] }, "default", 3, opened), "the genuine slot opens");
        Array.Clear(opened);
        Assert.False(UnlockedKey.TryOpenSlot(prk, record, "default", 3, opened));
        Assert.Equal(new byte[32], opened);
    }

    /// <summary>Two re-keys before the holder authenticates: v3 is vouched by v2, itself a public-key slot vouched by v1.</summary>
    [Fact]
    public void SealedSlot_VoucherChain_OpensThroughVouchedPublicKeySlots()
    {
        var prk = RandomNumberGenerator.GetBytes(32);
        var publicKey = SealedSlots.DerivePublicKey(prk, "TenantA", "KeyA");
        using var v1 = Secret(RandomNumberGenerator.GetBytes(32));
        using var v2 = Secret(RandomNumberGenerator.GetBytes(32));
        var v3 = RandomNumberGenerator.GetBytes(32);
        var slot2 = SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 2, v2.Span, new VoucherKey("default", 1, v1));
        var slot3 = SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, v3, new VoucherKey("default", 2, v2));
        var record = Record("TenantA", "KeyA", slot3, publicKey, VoucherSlot(prk, "TenantA", "KeyA", "default", 1, v1.Span)) is var r
            ? r with { Slots = r.Slots.Add(slot2) } : null!;
        var opened = new byte[32];

        Assert.True(UnlockedKey.TryOpenSlot(prk, record, "default", 3, opened));
        Assert.Equal(v3, opened);
        Assert.Equal([("default", 1), ("default", 2)], SealedSlots.VoucherSlots(record.Slots).Order());
        Assert.False(UnlockedKey.TryOpenSlot(prk, record with { Slots = record.Slots.RemoveAll(s => s.Version == 1) }, "default", 3, opened));
    }

    private static SecretBuffer Secret(byte[] bytes)
    {
        var secret = new SecretBuffer(bytes.Length);
        bytes.CopyTo(secret.Span);
        return secret;
    }

    /// <summary>The key's symmetric slot for the voucher's pool version.</summary>
    private static Keyslot VoucherSlot(byte[] prk, string tenant, string keyId, string pool, int version, ReadOnlySpan<byte> poolKey)
    {
        var kek = new byte[32];
        VaultCrypto.DeriveKek(prk, tenant, keyId, kek);
        return KeyVault.WrapSlot(kek, RandomNumberGenerator.GetBytes(12), tenant, keyId, pool, version, poolKey);
    }

    private static AccessKeyRecord Record(string tenant, string keyId, Keyslot slot, byte[] publicKey, Keyslot voucherSlot) =>
        new(tenant, keyId, null, AccessKeyKind.Sub, "k", new byte[32], new byte[32], [slot, voucherSlot], false, AccessKeyStatus.Active, 1, DateTimeOffset.UnixEpoch, null, null, publicKey);

    private static (JsonElement Input, JsonElement Output) Vector()
    {
        var path = Path.Combine(RepositoryPaths.Root, "Gateway", "Vault", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vector = document.RootElement.GetProperty("sealed_slot").Clone();
        return (vector.GetProperty("inputs"), vector.GetProperty("outputs"));
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static byte[] Hex(JsonElement element, string property) => Convert.FromHexString(Text(element, property));
}
