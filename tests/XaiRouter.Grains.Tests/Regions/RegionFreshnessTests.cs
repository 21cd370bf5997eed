using System.Collections.Immutable;
using XaiRouter.Grains.Abstractions.Keys;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// Freshness and revocation across two regions, on two real PostgreSQL instances with logical replication between
/// them: a replicated change reaches B's activations and directory through the replica trigger's notification; A's
/// revocation feed fences B's copy until replication brings the version, even with replication paused; the staleness
/// bound re-reads a copy whose notification was lost. Latencies are measured over repeated runs and printed.
/// </summary>
public sealed class RegionFreshnessTests(TwoRegionGrainFixture regions) : IClassFixture<TwoRegionGrainFixture>
{
    private const int Runs = 20;

    /// <summary>The revocation target is 2 s; the gateways' record cache adds up to 750 ms after the fence.</summary>
    private static readonly TimeSpan FeedBound = TimeSpan.FromMilliseconds(1250);

    [Fact]
    public async Task ReplicatedChange_ReloadsTheActivation_AndTheDirectoryListsAndForgetsTheTenant()
    {
        var (tenantId, _) = await CreateTenantInAAsync(keys: 0);
        var directoryB = regions.B.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory);
        await Eventually.WaitAsync(async () => (await directoryB.ListAsync()).Contains(tenantId), "B's directory lists A's tenant");
        Assert.Contains(await directoryB.ListTenantsAsync(), tenant => tenant.Id == tenantId);

        // B's activation holds a copy; only the notification can refresh it (B's clock stands still: no staleness read).
        var tenantA = regions.A.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        var tenantB = regions.B.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        Assert.NotNull(await tenantB.GetVaultAsync());
        var latencies = new List<TimeSpan>();
        for (var run = 0; run < Runs; run++)
        {
            var alias = "model-" + run;
            Assert.True(await tenantA.SetModelAliasesAsync(ImmutableDictionary<string, string>.Empty.Add(alias, "gpt-4o")));
            latencies.Add(await Eventually.WaitAsync(async () => (await tenantB.GetVaultAsync())!.ModelAliases.ContainsKey(alias), "B's activation reloads"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"replicated change to reload: {Eventually.Summary(latencies)}");

        // A deleted tenant row leaves B's directory too.
        await TwoRegionGrainFixture.ExecuteAsync(regions.DatabaseA, $"DELETE FROM xai_grain_state WHERE state_name = 'tenant' AND key_string = '{GrainKeys.Tenant(tenantId)}'");
        await Eventually.WaitAsync(async () => !(await directoryB.ListAsync()).Contains(tenantId), "B's directory forgets the deleted tenant");
        Assert.Null(await tenantB.GetAsync());
    }

    [Fact]
    public async Task FeedMessage_FencesTheKeyAndTenant_UntilTheReplicatedVersionArrives_WithReplicationPaused()
    {
        var (tenantId, keys) = await CreateTenantInAAsync(keys: Runs);
        var tenantB = regions.B.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        foreach (var key in keys)
        {
            await Eventually.WaitAsync(async () => await regions.B.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(key.KeyId)).GetAsync() is not null, "B has A's key");
        }

        var latencies = new List<TimeSpan>();
        await regions.SetReplicationAsync(false);
        try
        {
            foreach (var key in keys)
            {
                var keyB = regions.B.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(key.KeyId));
                Assert.NotNull(await regions.A.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(key.KeyId)).UpdateAsync(1, key with { Name = "rotated" }));
                latencies.Add(await Eventually.WaitAsync(async () => await keyB.GetAsync() is null, "B's key is fenced"));

                // Fenced, not replicated: B's database and the grain's copy still hold version 1.
                Assert.Equal(1, await TwoRegionGrainFixture.ScalarAsync<int>(regions.DatabaseB,
                    $"SELECT version FROM xai_grain_state WHERE state_name = 'accessKey' AND key_string = '{GrainKeys.AccessKey(key.KeyId)}'"));
                Assert.Equal("root", (await keyB.GetInfoAsync())!.Name);
            }

            // A tenant disabled in A is refused in B (its vault answers disabled) while B's copy still says active.
            await regions.A.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).SetStatusAsync(TenantStatus.Disabled);
            await Eventually.WaitAsync(async () => (await tenantB.GetVaultAsync())!.Status == TenantStatus.Disabled, "B's tenant is fenced");
            Assert.Equal(TenantStatus.Active, (await tenantB.GetAsync())!.Status);
            Assert.Null(await regions.B.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keys[0].KeyId)).GetAsync());
        }
        finally
        {
            await regions.SetReplicationAsync(true);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"feed, commit in A to fenced in B: {Eventually.Summary(latencies)}");
        Assert.All(latencies, latency => Assert.True(latency < FeedBound, $"fenced after {latency.TotalMilliseconds} ms"));

        // Once the version arrives the fence lifts by itself, and B serves the new record.
        foreach (var key in keys)
        {
            var keyB = regions.B.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(key.KeyId));
            await Eventually.WaitAsync(async () => await keyB.GetAsync() is { Name: "rotated", Version: 2 }, "B's fence lifts", timeoutSeconds: 30);
        }

        await Eventually.WaitAsync(async () => (await tenantB.GetAsync())!.Status == TenantStatus.Disabled, "B's copy of the tenant is disabled");
    }

    [Fact]
    public async Task CopyOfATenantHomedElsewhere_IsReadAgain_WhenOlderThanTheStalenessBound()
    {
        var (tenantId, _) = await CreateTenantInAAsync(keys: 0);
        var tenantA = regions.A.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        var tenantB = regions.B.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        await Eventually.WaitAsync(async () => await tenantB.GetVaultAsync() is not null, "B has A's tenant");
        Assert.Equal("a", await tenantB.GetHomeRegionAsync());

        await regions.SetReplicationAsync(false);
        try
        {
            // A change reaches B's database as the subscription applies it (replica role: no stamping, no guard), but its
            // notification is lost (the trigger is off inside this transaction only).
            await tenantA.SetModelAliasesAsync(ImmutableDictionary<string, string>.Empty.Add("stale", "gpt-4o"));
            var key = GrainKeys.Tenant(tenantId);
            var version = await TwoRegionGrainFixture.ScalarAsync<int>(regions.DatabaseA, $"SELECT version FROM xai_grain_state WHERE state_name = 'tenant' AND key_string = '{key}'");
            var payload = await TwoRegionGrainFixture.ScalarAsync<byte[]>(regions.DatabaseA, $"SELECT payload FROM xai_grain_state WHERE state_name = 'tenant' AND key_string = '{key}'");
            await TwoRegionGrainFixture.ExecuteAsync(regions.DatabaseB, $"""
                BEGIN;
                ALTER TABLE xai_grain_state DISABLE TRIGGER xai_replicated_notify;
                SET LOCAL session_replication_role = replica;
                UPDATE xai_grain_state SET version = {version}, payload = decode('{Convert.ToHexString(payload)}', 'hex') WHERE state_name = 'tenant' AND key_string = '{key}';
                ALTER TABLE xai_grain_state ENABLE REPLICA TRIGGER xai_replicated_notify;
                COMMIT;
                """);

            Assert.False((await tenantB.GetVaultAsync())!.ModelAliases.ContainsKey("stale"));
            regions.ClockB.Advance(TimeSpan.FromSeconds(TwoRegionGrainFixture.MaxStaleSeconds - 1));
            Assert.False((await tenantB.GetVaultAsync())!.ModelAliases.ContainsKey("stale"));
            regions.ClockB.Advance(TimeSpan.FromSeconds(2));
            Assert.True((await tenantB.GetVaultAsync())!.ModelAliases.ContainsKey("stale"));
        }
        finally
        {
            await regions.SetReplicationAsync(true);
        }
    }

    /// <summary>A tenant and <paramref name="keys"/> root-kind keys created in region A through its grains.</summary>
    private async Task<(string TenantId, List<AccessKeyRecord> Keys)> CreateTenantInAAsync(int keys)
    {
        var tenantId = "test" + Guid.NewGuid().ToString("N");
        var records = Enumerable.Range(0, keys).Select(_ => new AccessKeyRecord(tenantId, Guid.NewGuid().ToString("N")[..24], null, AccessKeyKind.Root, "root",
            new byte[16], new byte[32], [], true, AccessKeyStatus.Active, 1, DateTimeOffset.UtcNow, null)).ToList();
        await regions.A.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory).RegisterAsync(tenantId, "Acme " + tenantId[^6..]);
        await regions.A.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).CreateAsync("Acme " + tenantId[^6..], DateTimeOffset.UtcNow, records.FirstOrDefault()?.KeyId ?? "none");
        foreach (var record in records)
        {
            Assert.True(await regions.A.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(record.KeyId)).CreateAsync(record));
        }

        return (tenantId, records);
    }
}
