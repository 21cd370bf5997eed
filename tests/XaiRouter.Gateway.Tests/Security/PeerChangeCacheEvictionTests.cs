using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// A message of another region's revocation feed fences this region's grain, then this Gateway forgets its cached copy
/// (<see cref="PeerChangeCacheEviction"/>): the next request reads the grain, which refuses, instead of using the copy
/// until it ages out. The feed's listener is the Gateway's own (every Gateway is a silo); the message is handed to it
/// as the feed would.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PeerChangeCacheEvictionTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FeedMessageForAKeyAndATenant_ForgetsBothCopies_AndTheNextRequestReadsTheKeyAgain()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var keyId = tenant.Key.Substring(6, 17);
        var records = factory.Services.GetRequiredService<RecordCache>();
        var listener = factory.Services.GetRequiredService<RevocationFeedListener>();
        using (var warm = await tenant.Client.GetAsync("/x/keys", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var forgets = records.Forgets;
        await listener.FenceAsync("region-b", $"accessKey {GrainKeys.AccessKey(keyId)} 0");
        await listener.FenceAsync("region-b", $"tenant {GrainKeys.Tenant(tenant.Id)} 0");
        await listener.FenceAsync("region-b", "providerKey pk:not-cached:here 0");
        var reads = records.GrainReads;
        using var after = await tenant.Client.GetAsync("/x/keys", Cancellation);

        Assert.Equal(forgets + 2, records.Forgets);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(reads + 1, records.GrainReads);
    }

    [Fact]
    public async Task KeyRefusedWhileFenced_IsServedAgainAsSoonAsReplicationLiftsTheFence_NotWhenTheRefusalAgesOut()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var grainKey = GrainKeys.AccessKey(tenant.Key.Substring(6, 17));
        var feed = factory.Services.GetRequiredService<RevocationFeedListener>();
        var replicated = factory.Services.GetRequiredService<ReplicatedChangeListener>();
        var grain = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessKeyGrain>(grainKey);
        var record = (await grain.GetAsync())!;

        // Another region changed the key without revoking it (its next storage version): fenced here, refused meanwhile.
        await feed.FenceAsync("region-b", $"accessKey {grainKey} {await StoredVersionAsync(grainKey) + 1}");
        using (var fenced = await tenant.Client.GetAsync("/x/keys", Cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, fenced.StatusCode);
        }

        // Replication brings that version (written past this Gateway, as the subscription's apply is) and announces it.
        await grain.UpdateAsync(record.Version, record);
        await replicated.ApplyAsync($"accessKey {grainKey}");
        Assert.NotNull(await grain.GetAsync());
        using var served = await tenant.Client.GetAsync("/x/keys", Cancellation);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task FeedMessagesWithABlankKey_AreIgnored_NotThrownIntoTheFeedLoop()
    {
        // Orleans refuses a blank grain key with an ArgumentException, which ended the peer's feed loop (no more fences).
        var feed = factory.Services.GetRequiredService<RevocationFeedListener>();
        var replicated = factory.Services.GetRequiredService<ReplicatedChangeListener>();
        var forgets = factory.Services.GetRequiredService<RecordCache>().Forgets;

        await feed.FenceAsync("region-b", "accessKey  5");
        await feed.FenceAsync("region-b", "tenant \t 5");
        await replicated.ApplyAsync("accessKey ");
        await replicated.ApplyAsync("tenant  ");

        Assert.Equal(forgets, factory.Services.GetRequiredService<RecordCache>().Forgets);
    }

    private async Task<long> StoredVersionAsync(string grainKey)
    {
        await using var connection = await factory.Services.GetRequiredService<XaiRouter.Grains.Storage.StorageDatabase>().OpenConnectionAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version FROM xai_grain_state WHERE state_name = 'accessKey' AND key_string = '{grainKey}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }
}
