using Npgsql;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// The replication slot a subscription reads, made on the peer's server before the subscription
/// (<see cref="RegionReplication.SubscribeAsync"/>): a set-up that fails leaves no slot that nobody reads (the peer
/// would retain its WAL forever), and a slot another database reads is never taken from it.
/// </summary>
public sealed class SlotSetUpTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubscriptionRefusedAfterTheSlotWasMade_SlotIsDroppedOnThePeer_NextAttemptSubscribesAndCopiesOnce()
    {
        await using var regions = await TwoRegions.PrepareAsync();
        var subscription = RegionNames.Subscription(regions.A.Name, regions.B.Name);
        var key = "t:" + Guid.NewGuid().ToString("N");
        await regions.A.InsertAsync(ControlPlaneRows.Tenant, key, "{}");

        // B's server refuses CREATE SUBSCRIPTION, as it does when it cannot reach the peer's address the silo reached.
        await regions.B.ExecuteAsync("""
            CREATE FUNCTION test_refuse_subscription() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'test: subscription refused'; END $$;
            CREATE EVENT TRIGGER test_refuse_subscription ON ddl_command_start WHEN TAG IN ('CREATE SUBSCRIPTION')
            EXECUTE FUNCTION test_refuse_subscription();
            """);

        await Assert.ThrowsAsync<PostgresException>(() => regions.B.Replication.SubscribeAsync(regions.B.Options.Peers[0], Cancellation));

        Assert.Equal(0L, await SlotCountAsync(regions.A, subscription));
        await regions.B.ExecuteAsync("DROP EVENT TRIGGER test_refuse_subscription");
        Assert.Equal(SubscriptionOutcome.Created, await regions.B.Replication.SubscribeAsync(regions.B.Options.Peers[0], Cancellation));
        await regions.B.WaitForAsync(key, _ => true);
        Assert.Equal(1L, await SlotCountAsync(regions.A, subscription));
    }

    [Fact]
    public async Task TwoSilosOfOneRegionAtOnce_OneCreatesTheSubscription_TheOtherFindsIt_OneSlot()
    {
        await using var regions = await TwoRegions.PrepareAsync();
        var otherSilo = regions.B.OtherSilo();

        var outcomes = await Task.WhenAll(
            regions.B.Replication.SubscribeAsync(regions.B.Options.Peers[0], Cancellation),
            otherSilo.Replication.SubscribeAsync(otherSilo.Options.Peers[0], Cancellation));

        Assert.Equal([SubscriptionOutcome.Created, SubscriptionOutcome.Existing], outcomes.Order());
        Assert.Equal(1L, await SlotCountAsync(regions.A, RegionNames.Subscription(regions.A.Name, regions.B.Name)));
    }

    [Fact]
    public async Task TransactionLeftOpenOnThePeersServer_SlotCreationGivesUpSayingWhy_NoSlotIsLeft_LaterAttemptSubscribes()
    {
        await using var regions = await TwoRegions.PrepareAsync();
        var silo = regions.B.OtherSilo(slotTimeoutSeconds: 1);
        var subscription = RegionNames.Subscription(regions.A.Name, regions.B.Name);

        // Any transaction holding an xid on the peer's server, in any database (an idle session left in BEGIN).
        await using var idleInTransaction = new NpgsqlConnection(regions.A.ConnectionString);
        await idleInTransaction.OpenAsync(Cancellation);
        var transaction = await idleInTransaction.BeginTransactionAsync(Cancellation);
        await using (var xid = new NpgsqlCommand("SELECT txid_current()", idleInTransaction, transaction))
        {
            await xid.ExecuteScalarAsync(Cancellation);
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Replication.SubscribeAsync(silo.Options.Peers[0], Cancellation));

        Assert.Contains(subscription, failure.Message, StringComparison.Ordinal);
        Assert.Contains("pg_stat_activity", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await SlotCountAsync(regions.A, subscription));
        await transaction.CommitAsync(Cancellation);
        Assert.Equal(SubscriptionOutcome.Created, await silo.Replication.SubscribeAsync(silo.Options.Peers[0], Cancellation));
    }

    [Fact]
    public async Task AnotherDatabaseSubscribesAsThisRegion_WhileThisOnesWorkerIsDisconnected_ItsSlotIsNotTaken_NoChangeIsLost()
    {
        await using var regions = await TwoRegions.StartAsync();
        var subscription = RegionNames.Subscription(regions.A.Name, regions.B.Name);
        await regions.A.InsertAsync(ControlPlaneRows.Tenant, "t:" + Guid.NewGuid().ToString("N"), "{}");

        // B's apply worker away (as while A's server restarts or the link is down): A keeps B's changes in B's slot.
        await regions.B.ExecuteAsync($"ALTER SUBSCRIPTION {subscription} DISABLE");
        await Eventually.WaitAsync(async () => await SlotCountAsync(regions.A, subscription, activeOnly: true) == 0, "B's slot on A's server inactive");
        var writtenWhileAway = "t:" + Guid.NewGuid().ToString("N");
        await regions.A.InsertAsync(ControlPlaneRows.Tenant, writtenWhileAway, "{}");

        // A second database set up as region B (a rebuild next to the live one, a copied configuration) subscribes: it
        // reads its own slot, so B's, inactive now, is neither dropped nor shared (B would lose what it holds).
        var other = await RegionDatabase.CreateNamedAsync(TestServers.PostgresB, regions.B.Name);
        other.AddPeer(regions.A);
        await other.Replication.PrepareAsync(Cancellation);
        try
        {
            Assert.Equal(SubscriptionOutcome.Created, await other.Replication.SubscribeAsync(other.Options.Peers[0], Cancellation));
            await regions.B.ExecuteAsync($"ALTER SUBSCRIPTION {subscription} ENABLE");

            Assert.Equal(regions.A.Name, (await regions.B.WaitForAsync(writtenWhileAway, _ => true)).Home);
            Assert.Equal(regions.A.Name, (await other.WaitForAsync(writtenWhileAway, _ => true)).Home);
        }
        finally
        {
            await other.DropSubscriptionsAsync();
        }
    }

    /// <summary>Slots (in use, with <paramref name="activeOnly"/>) on <paramref name="server"/>'s PostgreSQL server whose name starts with the subscription's.</summary>
    private static async Task<long> SlotCountAsync(RegionDatabase server, string subscription, bool activeOnly = false)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_replication_slots WHERE starts_with(slot_name, @name) AND (active OR NOT @activeOnly)", connection);
        command.Parameters.AddWithValue("name", subscription);
        command.Parameters.AddWithValue("activeOnly", activeOnly);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}
