using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Gateway.Pools.Tests;

/// <summary>
/// Security review of public-key slots: a key's public key is stored in plain sight, so a database writer can seal a
/// pool key of its choosing to the root and store a provider key under it that points at its own server. Without a
/// voucher under a pool version the root already holds, such a slot is never opened nor converted.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ForgedSealedSlotTests(GatewayFactory factory)
{
    private const int ForgedVersion = 99;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("none")]
    [InlineData("forged")]
    public async Task ForgedPublicKeySlot_WithoutAValidVoucher_NeverRoutesToTheAttacker_NorIsConverted(string voucher)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var attacker = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var root = (await tenant.RecordAsync(tenant.Session.Key))!;

        // The database writer: a pool key of its own, sealed to the root's stored public key for ("default", 99), with
        // no voucher or one under a key it made up (it cannot know any pool key the root holds).
        var forgedPoolKey = RandomNumberGenerator.GetBytes(32);
        using var madeUp = new SecretBuffer(32);
        RandomNumberGenerator.Fill(madeUp.Span);
        var slot = SealedSlots.Seal(root.PublicKey!, root.TenantId, root.KeyId, "default", ForgedVersion, forgedPoolKey, new VoucherKey("default", 1, madeUp));
        slot = voucher == "none" ? slot with { VoucherPool = null, VoucherVersion = 0, Voucher = null } : slot;
        Assert.NotNull(await Grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(root.KeyId)).UpdateAsync(root.Version, root with { Slots = root.Slots.Add(slot) }));

        // A provider key sealed (bound) under that pool key, tried first, pointing at the attacker; plus a model only it serves.
        var genuine = (await tenant.ProviderKeyAsync(tenant.ProviderKeyIds[0]))!;
        var forgedId = genuine.Id[..^1] + (genuine.Id[^1] == 'A' ? 'B' : 'A');
        var forged = ProviderKeyCipher.Seal(forgedPoolKey, genuine with
        {
            Id = forgedId, BaseUrl = attacker.BaseUrl, PoolVersion = ForgedVersion, Priority = genuine.Priority - 1,
            Models = [HolderTenant.Model, "attacker-only"],
        }, Encoding.UTF8.GetBytes("sk-attacker-controlled"));
        await Grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(tenant.Session.Id, forgedId)).SaveAsync(forged);
        var tenantGrain = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Session.Id));
        await tenantGrain.AddProviderKeyAsync(forgedId);
        await tenantGrain.TouchProviderKeysAsync();
        factory.Services.GetRequiredService<Security.RecordCache>().InvalidateAll();

        var served = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            served.Add(await tenant.ChatAsync(tenant.Session.Key));
        }

        using var onlyForged = await tenant.Session.Client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "attacker-only", messages = new[] { new { role = "user", content = "secret prompt" } } }, Cancellation);

        Assert.All(served, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(3, upstream.Requests.Count);
        Assert.True(onlyForged.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.NotFound or HttpStatusCode.BadGateway,
            $"a model only the forged key serves: {onlyForged.StatusCode}");
        Assert.Empty(attacker.Requests);
        Assert.Equal(0, attacker.CredentialsSeen);

        // The root authenticated several times: the forged slot is still a public-key slot, never made symmetric.
        var after = (await tenant.RecordAsync(tenant.Session.Key))!;
        Assert.True(after.FindSlot("default", ForgedVersion)!.IsSealedToPublicKey);
        var secret = new byte[32];
        Assert.True(AccessKeyFormat.TryParse(tenant.Session.Key, secret, out _));
        using var unlocked = factory.Services.GetRequiredService<KeyVault>().Verify(after, secret)!;
        Assert.Null(unlocked.OpenPoolKey("default", ForgedVersion));
    }

    /// <summary>Two re-keys in a row before a holder authenticates: it opens v3 through v2's voucher chain and keeps being served.</summary>
    [Fact]
    public async Task TwoRekeysBeforeAHolderAuthenticates_HolderServed_ThenConvertedAndTidied()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (_, plainKey) = await tenant.CreateKeyAsync("plain");

        for (var i = 0; i < 2; i++)
        {
            using var rekey = await tenant.Session.Client.PostAsync("/x/pools/default/rekey", null, Cancellation);
            Assert.Equal(HttpStatusCode.OK, rekey.StatusCode);
        }

        var before = (await tenant.RecordAsync(plainKey))!;
        Assert.Equal([1, 2, 3], before.Slots.Where(s => s.Pool == "default").Select(s => s.Version).Order());
        Assert.Equal(("default", 2), (before.FindSlot("default", 3)!.VoucherPool, before.FindSlot("default", 3)!.VoucherVersion));

        await tenant.AssertNothingStrandedAsync([tenant.Session.Key, plainKey], "after two re-keys in a row");
        var after = (await tenant.RecordAsync(plainKey))!;
        Assert.Equal([3], after.Slots.Where(s => s.Pool == "default").Select(s => s.Version));
        Assert.False(after.FindSlot("default", 3)!.IsSealedToPublicKey);
    }

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();
}
