using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Pools.Tests;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Keys.Tests;

/// <summary>
/// Issue 14, finding 3 (second half): a root rotation with <c>rekey_pools</c> re-keys every pool the root holds, so
/// the first root key with an old copy of the database opens nothing added or re-sealed afterwards.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RootRotationRekeyTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RotateRoot_WithRekeyPools_AdvancesEveryPool_ResealsProviderKeys_AndTheOldKeyWithAnOldCopyOpensNothingNew()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        using (var pool = await tenant.Session.Client.PostAsJsonAsync("/x/pools", new { name = "prod" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, pool.StatusCode);
        }

        var (_, plainKey) = await tenant.CreateKeyAsync("plain");
        var oldRootKey = tenant.Session.Key;
        var oldCopy = (await tenant.RecordAsync(oldRootKey))!;

        using var rotate = await tenant.Session.Client.PostAsJsonAsync("/x/keys/self/rotate", new { rekey_pools = true }, Cancellation);
        var body = await rotate.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var newRootKey = body.GetProperty("key").GetString()!;

        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.Equal(["default", "prod"], body.GetProperty("rekeyed_pools").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(body.GetProperty("rekeyed_pools").EnumerateArray(), p => Assert.Equal(2, p.GetProperty("version").GetInt32()));
        Assert.Equal(2, await tenant.PoolVersionAsync("default"));
        Assert.Equal(2, await tenant.PoolVersionAsync("prod"));
        Assert.Equal(2, (await tenant.ProviderKeyAsync(tenant.ProviderKeyIds[0]))!.PoolVersion);
        Assert.Equal(HttpStatusCode.Unauthorized, await tenant.ChatAsync(oldRootKey));
        await tenant.AssertNothingStrandedAsync([newRootKey, plainKey], "after the rotation");

        using var newRoot = factory.CreateClientWithKey(newRootKey);
        var added = await tenant.AddProviderKeyAsync(newRoot);
        Assert.Null(OpenWith(oldCopy, oldRootKey, (await tenant.ProviderKeyAsync(added))!));
        Assert.Null(OpenWith(oldCopy, oldRootKey, (await tenant.ProviderKeyAsync(tenant.ProviderKeyIds[0]))!));
        await tenant.AssertNothingStrandedAsync([newRootKey, plainKey], "a provider key added after the rotation");
    }

    [Fact]
    public async Task RotateRoot_WithoutBody_KeepsPoolVersions()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);

        using var rotate = await tenant.Session.Client.PostAsync("/x/keys/self/rotate", null, Cancellation);
        var body = await rotate.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.False(body.TryGetProperty("rekeyed_pools", out _));
        Assert.Equal(1, await tenant.PoolVersionAsync());
        await tenant.AssertNothingStrandedAsync([body.GetProperty("key").GetString()!], "after a plain rotation");
    }

    /// <summary>What an old copy of the root's record opens with the old root key, as the request path would.</summary>
    private string? OpenWith(AccessKeyRecord oldRecord, string oldKey, ProviderKeyRecord providerKey)
    {
        var secret = new byte[32];
        Assert.True(AccessKeyFormat.TryParse(oldKey, secret, out _));
        using var plaintext = factory.Services.GetRequiredService<KeyVault>().Unlock(oldRecord, secret, providerKey);
        return plaintext is null ? null : System.Text.Encoding.UTF8.GetString(plaintext.Span);
    }
}
