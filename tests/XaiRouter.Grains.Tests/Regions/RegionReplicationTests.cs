using Npgsql;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// The replication between two regions' databases (PostgreSQL 15 logical replication, set up as silos do at start):
/// rows go from their home to the other region and never back, the other region cannot write them, and a home move
/// turns the direction around.
/// </summary>
public sealed class RegionReplicationTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replication_TenantRowWrittenInA_AppearsInBWithHomeA()
    {
        await using var regions = await TwoRegions.StartAsync();
        var key = "t:" + Guid.NewGuid().ToString("N");

        await regions.A.InsertAsync(ControlPlaneRows.Tenant, key, "{}");
        await regions.A.TouchAsync(key);

        var copy = await regions.B.WaitForAsync(key, row => row.Version == 2);
        Assert.Equal(regions.A.Name, copy.Home);
        Assert.Equal((regions.A.Name, 2), await regions.A.ReadAsync(key));
    }

    [Fact]
    public async Task Replication_RegionalRow_StaysInItsRegion()
    {
        await using var regions = await TwoRegions.StartAsync();
        var regional = "rl:" + Guid.NewGuid().ToString("N");
        var barrier = "t:" + Guid.NewGuid().ToString("N");

        await regions.A.InsertAsync("rateLimiter", regional, "{}");
        await regions.A.InsertAsync(ControlPlaneRows.Tenant, barrier, "{}");

        // A's changes arrive in commit order: once the later tenant row is in B, the limiter row would be too.
        await regions.B.WaitForAsync(barrier, _ => true);
        Assert.Equal(("", 1), await regions.A.ReadAsync(regional));
        Assert.Null(await regions.B.ReadAsync(regional));
    }

    [Fact]
    public async Task Replication_RowAppliedInB_IsNotSentBackToA()
    {
        await using var regions = await TwoRegions.StartAsync();
        await regions.A.ExecuteAsync("""
            CREATE TABLE test_applied (key_string text NOT NULL);
            CREATE FUNCTION test_log_applied() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN INSERT INTO test_applied VALUES (NEW.key_string); RETURN NEW; END $$;
            CREATE TRIGGER test_log_applied AFTER INSERT OR UPDATE ON xai_grain_state FOR EACH ROW EXECUTE FUNCTION test_log_applied();
            ALTER TABLE xai_grain_state ENABLE REPLICA TRIGGER test_log_applied;
            """);
        var homedInA = "t:" + Guid.NewGuid().ToString("N");
        var homedInB = "t:" + Guid.NewGuid().ToString("N");

        await regions.A.InsertAsync(ControlPlaneRows.Tenant, homedInA, "{}");
        await regions.B.WaitForAsync(homedInA, _ => true);
        await regions.B.InsertAsync(ControlPlaneRows.Tenant, homedInB, "{}");

        // B's changes reach A in B's commit order: B applied A's row before it wrote its own, so an echo of A's row
        // would have been applied in A before B's row.
        Assert.Equal(regions.B.Name, (await regions.A.WaitForAsync(homedInB, _ => true)).Home);
        Assert.Equal([homedInB], await AppliedAsync(regions.A));
    }

    [Fact]
    public async Task Guard_LocalWriteInBToRowHomedInA_IsRefused()
    {
        await using var regions = await TwoRegions.StartAsync();
        var key = "k:" + Guid.NewGuid().ToString("N");
        await regions.A.InsertAsync(ControlPlaneRows.AccessKey, key, "{}");
        await regions.B.WaitForAsync(key, _ => true);

        var update = await Assert.ThrowsAsync<PostgresException>(() => regions.B.TouchAsync(key));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => regions.B.ExecuteAsync("DELETE FROM xai_grain_state WHERE key_string = @key", ("key", key)));

        Assert.Equal("XR421", update.SqlState);
        Assert.Equal("XR421", delete.SqlState);
        Assert.Contains($"homed in region '{regions.A.Name}'", update.MessageText, StringComparison.Ordinal);
        Assert.Equal((regions.A.Name, 1), await regions.B.ReadAsync(key));
    }

    [Fact]
    public async Task MoveHereAsync_InB_RestampsTheTenantsRowsAndTheyReplicateToA()
    {
        await using var regions = await TwoRegions.StartAsync();
        var tenant = "test" + Guid.NewGuid().ToString("N");
        var other = "test" + Guid.NewGuid().ToString("N");
        string[] keys = [GrainKeys.Tenant(tenant), GrainKeys.ProviderKey(tenant, "pk1"), GrainKeys.AccessKey("indexed"), GrainKeys.AccessKey("found-by-record")];
        await regions.A.InsertAsync(ControlPlaneRows.Tenant, keys[0], "{}");
        await regions.A.InsertAsync(ControlPlaneRows.ProviderKey, keys[1], "{}");
        await regions.A.InsertAsync(ControlPlaneRows.AccessKey, keys[2], "{}");
        await regions.A.InsertAsync(ControlPlaneRows.AccessKey, keys[3], RecordOf(tenant));
        await regions.A.InsertAsync(ControlPlaneRows.AccessKey, GrainKeys.AccessKey("other-tenant"), RecordOf(other));
        await regions.A.InsertAsync(ControlPlaneRows.Tenant, GrainKeys.Tenant(other), "{}");
        await regions.B.WaitForAsync(GrainKeys.Tenant(other), _ => true);

        var moved = await regions.B.Homes.MoveHereAsync(tenant, ["indexed"], Cancellation);

        Assert.Equal(4, moved);
        foreach (var key in keys)
        {
            Assert.Equal(regions.B.Name, (await regions.B.ReadAsync(key))!.Value.Home);
            Assert.Equal(regions.B.Name, (await regions.A.WaitForAsync(key, row => row.Home == regions.B.Name)).Home);
        }

        Assert.Equal(regions.A.Name, (await regions.B.ReadAsync(GrainKeys.AccessKey("other-tenant")))!.Value.Home);
        Assert.Equal(regions.A.Name, (await regions.A.ReadAsync(GrainKeys.Tenant(other)))!.Value.Home);

        // Now B writes and A follows; A's own write is refused.
        await regions.B.TouchAsync(keys[0]);
        Assert.Equal(2, (await regions.A.WaitForAsync(keys[0], row => row.Version == 2)).Version);
        Assert.Equal("XR421", (await Assert.ThrowsAsync<PostgresException>(() => regions.A.TouchAsync(keys[0]))).SqlState);
    }

    [Fact]
    public async Task PrepareAsync_Again_ChangesNothingAndSubscriptionsExist()
    {
        await using var regions = await TwoRegions.StartAsync();

        var again = await regions.A.Replication.PrepareAsync(Cancellation);

        Assert.Equal(new RegionPreparation(Claimed: false, BackFilled: 0, PublicationCreated: false), again);
        Assert.Equal(SubscriptionOutcome.Existing, await regions.A.Replication.SubscribeAsync(regions.A.Options.Peers[0], Cancellation));
    }

    [Fact]
    public async Task SubscribeAsync_PeerAddressChanged_UpdatesTheSubscriptionOnce()
    {
        await using var regions = await TwoRegions.StartAsync();
        var peer = regions.A.Options.Peers[0];
        peer.Postgres += ";Timeout=7";

        Assert.Equal(SubscriptionOutcome.ConnectionUpdated, await regions.A.Replication.SubscribeAsync(peer, Cancellation));
        Assert.Equal(SubscriptionOutcome.Existing, await regions.A.Replication.SubscribeAsync(peer, Cancellation));

        var key = "t:" + Guid.NewGuid().ToString("N");
        await regions.B.InsertAsync(ControlPlaneRows.Tenant, key, "{}");
        Assert.Equal(regions.B.Name, (await regions.A.WaitForAsync(key, _ => true)).Home);
    }

    [Fact]
    public async Task SubscribeAsync_PeerUnreachable_FailsWithoutItsConnectionString()
    {
        var self = await RegionDatabase.CreateAsync(TestServers.Postgres, "g");
        await self.Replication.PrepareAsync(Cancellation);
        var peer = new RegionPeerOptions { Name = "gone", ManagementUrl = "http://127.0.0.1:1", Postgres = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=xai;Password=peer-secret" };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => self.Replication.SubscribeAsync(peer, Cancellation));

        Assert.IsAssignableFrom<NpgsqlException>(failure);
        Assert.DoesNotContain("peer-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_RowsWrittenBeforeTheRegion_BecomeItsOwn()
    {
        var database = await RegionDatabase.CreateAsync(TestServers.Postgres, "c");
        await database.InsertAsync(ControlPlaneRows.Tenant, "t:before", "{}");
        await database.InsertAsync("rateLimiter", "rl:before", "{}");
        Assert.Equal(("", 1), await database.ReadAsync("t:before"));

        var prepared = await database.Replication.PrepareAsync(Cancellation);

        Assert.Equal(new RegionPreparation(Claimed: true, BackFilled: 1, PublicationCreated: true), prepared);
        Assert.Equal((database.Name, 1), await database.ReadAsync("t:before"));
        Assert.Equal(("", 1), await database.ReadAsync("rl:before"));
    }

    [Fact]
    public async Task PrepareAsync_DatabaseOfAnotherRegion_RefusesNamingBoth()
    {
        var database = await RegionDatabase.CreateAsync(TestServers.Postgres, "d");
        await database.ExecuteAsync("INSERT INTO xai_region (name) VALUES ('elsewhere')");

        var failure = await Assert.ThrowsAsync<RegionMismatchException>(() => database.Replication.PrepareAsync(Cancellation));

        Assert.Contains("belongs to region 'elsewhere'", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"Region:Name is '{database.Name}'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAsync_PeerWithoutPublication_SaysSoAndCreatesNothing()
    {
        var self = await RegionDatabase.CreateAsync(TestServers.Postgres, "e");
        var peer = await RegionDatabase.CreateAsync(TestServers.PostgresB, "f");
        self.AddPeer(peer);
        await self.Replication.PrepareAsync(Cancellation);

        Assert.Equal(SubscriptionOutcome.PeerNotPublishing, await self.Replication.SubscribeAsync(self.Options.Peers[0], Cancellation));
        await self.DropSubscriptionsAsync();
    }

    [Fact]
    public async Task Replication_Lag_FiftyWritesInA_VisibleInBWithinASecond()
    {
        await using var regions = await TwoRegions.StartAsync();
        var warmUp = "t:" + Guid.NewGuid().ToString("N");
        await regions.A.InsertAsync(ControlPlaneRows.Tenant, warmUp, "{}");
        await regions.B.WaitForAsync(warmUp, _ => true);

        var lags = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var key = "t:" + Guid.NewGuid().ToString("N");
            await regions.A.InsertAsync(ControlPlaneRows.Tenant, key, "{}");
            var committed = System.Diagnostics.Stopwatch.GetTimestamp();
            await regions.B.WaitForAsync(key, _ => true);
            lags.Add(System.Diagnostics.Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
        }

        lags.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine($"Replication lag A -> B over 50 writes: p50 {lags[24]:0.0} ms, p90 {lags[44]:0.0} ms, max {lags[^1]:0.0} ms");
        Assert.True(lags[^1] < 1000, $"Worst lag {lags[^1]:0} ms");
    }

    /// <summary>An access key's stored state as the grain storage writes it (plain System.Text.Json), reduced to its tenant.</summary>
    private static string RecordOf(string tenantId) => "{\"Record\":{\"TenantId\":\"" + tenantId + "\"}}";

    private static async Task<List<string>> AppliedAsync(RegionDatabase region)
    {
        await using var connection = new NpgsqlConnection(region.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand("SELECT key_string FROM test_applied", connection);
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var keys = new List<string>();
        while (await reader.ReadAsync(Cancellation))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
