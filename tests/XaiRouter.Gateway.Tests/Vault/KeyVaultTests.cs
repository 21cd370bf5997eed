using System.Text;

namespace XaiRouter.Gateway.Vault.Tests;

public sealed class KeyVaultTests : IDisposable
{
    private const string Tenant = "TenantAAAAAAAAAAAAAAAA";
    private const string ProviderKeyText = "sk-upstream-round-trip-0001";

    private readonly KeyVault _sut = new("unit-test-pepper-0123"u8);

    [Fact]
    public void IssueVerifyUnlock_RoundTrip_DecryptsTheProviderKey()
    {
        using var pools = new PoolKeyRing();
        var poolKey = pools.AddNew("default", 1);
        var issued = _sut.IssueAccessKey(Template(), pools);
        var providerKey = Seal(poolKey, "PkAAAAAAAAAAAAAAA", "default", 1);
        var secret = ParseSecret(issued.AccessKey);

        using var unlocked = _sut.Verify(issued.Record, secret);
        using var plaintext = _sut.Unlock(issued.Record, secret, providerKey);

        Assert.NotNull(unlocked);
        Assert.Equal(ProviderKeyText, Encoding.UTF8.GetString(plaintext!.Span));
        Assert.Equal(ProviderKeyText, Encoding.UTF8.GetString(unlocked.DecryptProviderKey(providerKey)!.Span));
    }

    [Fact]
    public void Verify_WrongSecret_ReturnsNull()
    {
        using var pools = new PoolKeyRing();
        pools.AddNew("default", 1);
        var issued = _sut.IssueAccessKey(Template(), pools);
        var secret = ParseSecret(issued.AccessKey);
        secret[0] ^= 1;

        Assert.Null(_sut.Verify(issued.Record, secret));
    }

    [Fact]
    public void Verify_OtherPepper_ReturnsNull()
    {
        using var pools = new PoolKeyRing();
        pools.AddNew("default", 1);
        var issued = _sut.IssueAccessKey(Template(), pools);
        using var otherVault = new KeyVault("another-pepper-0000000"u8);

        Assert.Null(otherVault.Verify(issued.Record, ParseSecret(issued.AccessKey)));
    }

    [Fact]
    public void Verify_RevokedRecord_ReturnsNull()
    {
        using var pools = new PoolKeyRing();
        pools.AddNew("default", 1);
        var issued = _sut.IssueAccessKey(Template(), pools);

        Assert.Null(_sut.Verify(issued.Record with { Status = AccessKeyStatus.Revoked }, ParseSecret(issued.AccessKey)));
    }

    public static TheoryData<string> SlotSwaps => new() { "tenant", "keyId", "pool", "version" };

    [Theory]
    [MemberData(nameof(SlotSwaps))]
    public void OpenPoolKey_SlotMovedToAnotherOwner_FailsAuthentication(string field)
    {
        using var pools = new PoolKeyRing();
        pools.AddNew("default", 1);
        var issued = _sut.IssueAccessKey(Template(), pools);
        var slot = issued.Record.Slots.Single();
        var record = field switch
        {
            // Same key material, but the slot now claims another owner: its AAD no longer matches.
            "tenant" => issued.Record with { TenantId = "TenantBBBBBBBBBBBBBBBB" },
            "keyId" => issued.Record with { KeyId = "KeyBBBBBBBBBBBBBB" },
            "pool" => issued.Record with { Slots = [slot with { Pool = "prod" }] },
            _ => issued.Record with { Slots = [slot with { Version = 2 }] },
        };
        var pool = field == "pool" ? "prod" : "default";
        var version = field == "version" ? 2 : 1;
        var prk = DerivePrk(issued);

        using var unlocked = new UnlockedKey(record, prk);

        Assert.Null(unlocked.OpenPoolKey(pool, version));
    }

    public static TheoryData<string> ProviderKeySwaps => new() { "tenant", "providerKeyId", "pool", "version", "baseUrl", "provider" };

    [Theory]
    [MemberData(nameof(ProviderKeySwaps))]
    public void OpenProviderKey_CiphertextMovedToAnotherRecord_FailsAuthentication(string field)
    {
        using var pools = new PoolKeyRing();
        var poolKey = pools.AddNew("default", 1);
        var sealedRecord = Seal(poolKey, "PkAAAAAAAAAAAAAAA", "default", 1);
        var moved = field switch
        {
            "tenant" => sealedRecord with { TenantId = "TenantBBBBBBBBBBBBBBBB" },
            "providerKeyId" => sealedRecord with { Id = "PkBBBBBBBBBBBBBBB" },
            "pool" => sealedRecord with { Pool = "prod" },
            "baseUrl" => sealedRecord with { BaseUrl = "https://example.invalid/v1|x" },
            "provider" => sealedRecord with { Provider = ProviderKind.Anthropic },
            _ => sealedRecord with { PoolVersion = 2 },
        };

        Assert.NotNull(ProviderKeyCipher.Open(poolKey.Span, sealedRecord));
        Assert.Null(ProviderKeyCipher.Open(poolKey.Span, moved));
    }

    [Fact]
    public void OpenProviderKey_FlippedCiphertextByte_FailsAuthentication()
    {
        using var pools = new PoolKeyRing();
        var poolKey = pools.AddNew("default", 1);
        var record = Seal(poolKey, "PkAAAAAAAAAAAAAAA", "default", 1);
        var tampered = (byte[])record.Key.Ciphertext.Clone();
        tampered[0] ^= 0x80;

        Assert.Null(ProviderKeyCipher.Open(poolKey.Span, record with { Key = record.Key with { Ciphertext = tampered } }));
    }

    [Fact]
    public void DecryptProviderKey_KeyWithoutSlotForThatPool_ReturnsNull()
    {
        using var pools = new PoolKeyRing();
        pools.AddNew("default", 1);
        using var prodPools = new PoolKeyRing();
        var prodKey = prodPools.AddNew("prod", 1);
        var issued = _sut.IssueAccessKey(Template(), pools);
        var secret = ParseSecret(issued.AccessKey);

        using var plaintext = _sut.Unlock(issued.Record, secret, Seal(prodKey, "PkAAAAAAAAAAAAAAA", "prod", 1));

        Assert.Null(plaintext);
    }

    [Theory]
    [InlineData(ProviderKind.OpenAI, "https://api.openai.com/v1", true)]
    [InlineData(ProviderKind.Anthropic, "https://api.anthropic.com", true)]
    [InlineData(ProviderKind.OpenAI, "https://api.openai.com.evil.example/v1", false)]
    [InlineData(ProviderKind.OpenAI, "https://api.anthropic.com", false)]
    [InlineData(ProviderKind.OpenAICompatible, "https://api.openai.com/v1", false)]
    public void Unlock_LegacyRecord_IsServedOnlyAtItsProviderKindsOfficialUrl(ProviderKind provider, string baseUrl, bool served)
    {
        using var pools = new PoolKeyRing();
        var poolKey = pools.AddNew("default", 1);
        var issued = _sut.IssueAccessKey(Template(), pools);
        var legacy = Seal(poolKey, "PkAAAAAAAAAAAAAAA", "default", 1) with
        {
            Provider = provider,
            BaseUrl = baseUrl,
            Format = ProviderKeyFormat.LegacyV1,
            Key = ProviderKeyCipher.SealLegacy(poolKey.Span, Tenant, "PkAAAAAAAAAAAAAAA", "default", 1, Encoding.UTF8.GetBytes(ProviderKeyText)),
        };

        using var plaintext = _sut.Unlock(issued.Record, ParseSecret(issued.AccessKey), legacy);
        using var unlock = ProviderKeyCipher.OpenForSending(poolKey.Span, legacy);

        Assert.Equal(served, plaintext is not null);
        Assert.Equal(served ? ProviderKeyRefusal.None : ProviderKeyRefusal.UnboundDestination, unlock.Refusal);
    }

    [Theory]
    [InlineData("https://api.openai.com/v1", ProviderKeyFormat.BoundV2)]
    [InlineData("https://llm.example/v1", ProviderKeyFormat.LegacyV1)]
    public void Reseal_ForARekey_BindsOnlyLegacyRecordsWhoseDestinationIsOfficial(string baseUrl, ProviderKeyFormat expected)
    {
        using var pools = new PoolKeyRing();
        var newKey = pools.AddNew("default", 2);
        var legacy = Seal(newKey, "PkAAAAAAAAAAAAAAA", "default", 1) with { BaseUrl = baseUrl, Format = ProviderKeyFormat.LegacyV1 };

        var moved = ProviderKeyCipher.Reseal(newKey.Span, legacy with { PoolVersion = 2 }, Encoding.UTF8.GetBytes(ProviderKeyText));
        using var opened = ProviderKeyCipher.Open(newKey.Span, moved);

        Assert.Equal(expected, moved.Format);
        Assert.Equal(ProviderKeyText, Encoding.UTF8.GetString(opened!.Span));
    }

    [Fact]
    public void OpenForSending_BoundRecordWithALongUrl_OpensBeyondTheStackBuffer()
    {
        using var pools = new PoolKeyRing();
        var poolKey = pools.AddNew("default", 1);
        var longUrl = "https://llm.example/v1?" + new string('q', 2000);
        var record = ProviderKeyCipher.Seal(poolKey.Span, Seal(poolKey, "PkAAAAAAAAAAAAAAA", "default", 1) with { BaseUrl = longUrl }, Encoding.UTF8.GetBytes(ProviderKeyText));

        using var unlock = ProviderKeyCipher.OpenForSending(poolKey.Span, record);
        using var moved = ProviderKeyCipher.OpenForSending(poolKey.Span, record with { BaseUrl = longUrl + "x" });

        Assert.Equal(ProviderKeyText, Encoding.UTF8.GetString(unlock.Plaintext!.Span));
        Assert.Equal(ProviderKeyRefusal.BindingFailed, moved.Refusal);
    }

    [Fact]
    public void SecretBuffer_Dispose_ZeroesTheBytes()
    {
        var sut = new SecretBuffer(16);
        sut.Span.Fill(0xAB);
        var array = sut.DangerousArray;

        sut.Dispose();

        Assert.All(array, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => sut.Span.Length);
    }

    public void Dispose() => _sut.Dispose();

    private static AccessKeyTemplate Template() => new(Tenant, AccessKeyKind.Root, "root", null, true, DateTimeOffset.UnixEpoch);

    private static ProviderKeyRecord Seal(SecretBuffer poolKey, string id, string pool, int version) => ProviderKeyCipher.Seal(poolKey.Span, new(
        Tenant, id, "upstream", ProviderKind.OpenAI, "https://example.invalid", ["gpt-4o"], pool, version, 1, 0,
        new SealedSecret([], []), "0001", DateTimeOffset.UnixEpoch), Encoding.UTF8.GetBytes(ProviderKeyText));

    private static byte[] ParseSecret(string accessKey)
    {
        var secret = new byte[32];
        Assert.True(AccessKeyFormat.TryParse(accessKey, secret, out _));
        return secret;
    }

    private SecretBuffer DerivePrk(IssuedKey issued)
    {
        var prk = new SecretBuffer(32);
        VaultCrypto.DerivePrk(ParseSecret(issued.AccessKey), "unit-test-pepper-0123"u8, issued.Record.Salt, prk.Span);
        return prk;
    }
}
