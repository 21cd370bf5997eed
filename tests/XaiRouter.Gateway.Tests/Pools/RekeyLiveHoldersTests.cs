using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions;

namespace XaiRouter.Gateway.Pools.Tests;

/// <summary>
/// A re-key hands the new pool version only to keys that can still be used: an expired key (or one under an expired
/// ancestor) keeps an old backup's reach at most, never the provider keys added after the re-key.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RekeyLiveHoldersTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rekey_ExpiredHolderAndItsChild_GetNoNewVersion_AndCannotOpenKeysAddedAfter()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (expiredId, expiredKey) = await tenant.CreateKeyAsync("contractor", manage: true);
        using var contractor = factory.CreateClientWithKey(expiredKey);
        var (childId, childKey) = await tenant.CreateKeyAsync("contractor-child", client: contractor);
        var (_, liveKey) = await tenant.CreateKeyAsync("live");

        // The contractor's key expires (as if its expiry had passed); its child dies with it.
        var record = (await tenant.RecordAsync(expiredKey))!;
        var grain = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(record.KeyId));
        Assert.NotNull(await grain.UpdateAsync(record.Version, record with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        Assert.Equal(HttpStatusCode.Unauthorized, await tenant.ChatAsync(expiredKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await tenant.ChatAsync(childKey));

        using var rekey = await tenant.Session.Client.PostAsync("/x/pools/default/rekey", null, Cancellation);
        var body = await rekey.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var added = await tenant.AddProviderKeyAsync(tenant.Session.Client);

        Assert.Equal(HttpStatusCode.OK, rekey.StatusCode);
        var granted = body.GetProperty("granted_keys").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.DoesNotContain(expiredId, granted);
        Assert.DoesNotContain(childId, granted);
        Assert.DoesNotContain((await tenant.RecordAsync(expiredKey))!.Slots, s => s.Pool == "default");
        Assert.DoesNotContain((await tenant.RecordAsync(childKey))!.Slots, s => s.Pool == "default");
        Assert.Null(await VaultProbe.DecryptAsync(factory, tenant.Session, added, expiredKey));
        Assert.Null(await VaultProbe.DecryptAsync(factory, tenant.Session, added, childKey));
        await tenant.AssertNothingStrandedAsync([tenant.Session.Key, liveKey], "after a re-key with an expired holder");
    }
}
