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
        var slot = SealedSlots.Seal(ephemeral, Hex(input, "nonce_hex"), publicKey, tenant, keyId, pool, version, Hex(input, "pool_key_hex"));
        var record = Record(tenant, keyId, slot, publicKey);
        var opened = new byte[32];

        Assert.Equal(Text(output, "prk_hex"), Convert.ToHexStringLower(prk));
        Assert.Equal(Text(output, "x25519_info"), Encoding.UTF8.GetString(labels, 0, SealedSlotLabels.X25519(labels, tenant, keyId)));
        Assert.Equal(Text(output, "label"), Encoding.UTF8.GetString(labels, 0, SealedSlotLabels.SealedSlot(labels, tenant, keyId, pool, version)));
        Assert.Equal(Text(output, "public_key_hex"), Convert.ToHexStringLower(publicKey));
        Assert.Equal(Text(output, "ephemeral_public_hex"), Convert.ToHexStringLower(slot.EphemeralPublicKey!));
        Assert.Equal(Text(output, "sealed_hex"), Convert.ToHexStringLower(slot.Sealed.Ciphertext));
        Assert.Equal(Text(output, "holder_tag_hex"), Convert.ToHexStringLower(slot.HolderTag!));
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
        var slot = SealedSlots.Seal(publicKey, "TenantA", "KeyA", "default", 3, poolKey);
        var record = Record(change == "tenant" ? "TenantB" : "TenantA", change == "key" ? "KeyB" : "KeyA",
            slot with { Pool = change == "pool" ? "prod" : "default", Version = change == "version" ? 4 : 3 }, publicKey);
        var opened = new byte[32];

        Assert.False(UnlockedKey.TryOpenSlot(change == "prk" ? RandomNumberGenerator.GetBytes(32) : prk, record, record.Slots[0].Pool, record.Slots[0].Version, opened));
        Assert.Equal(new byte[32], opened);
    }

    private static AccessKeyRecord Record(string tenant, string keyId, Keyslot slot, byte[] publicKey) =>
        new(tenant, keyId, null, AccessKeyKind.Sub, "k", new byte[32], new byte[32], [slot], false, AccessKeyStatus.Active, 1, DateTimeOffset.UnixEpoch, null, null, publicKey);

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
