using Npgsql;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// A peer taken out of <c>Region:Peers</c>: this region stops applying its rows (it is no longer trusted) and its
/// replication slot on the peer's server goes with the subscription (otherwise the peer retains WAL forever).
/// </summary>
public sealed class RemovedPeerTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PeerRemovedFromTheSettings_SubscriptionAndItsSlotOnThePeerAreDropped_ConfiguredOnesStay()
    {
        await using var regions = await TwoRegions.StartAsync();
        var removed = RegionNames.Subscription(regions.A.Name, regions.B.Name);
        regions.B.Options.Peers.Clear();

        var dropped = await regions.B.Replication.DropRemovedPeersAsync(Cancellation);
        var keptByA = await regions.A.Replication.DropRemovedPeersAsync(Cancellation);

        Assert.Equal([removed], dropped);
        Assert.Empty(keptByA);
        Assert.Null(await ScalarAsync(regions.B.ConnectionString, "SELECT 1 FROM pg_subscription WHERE subname = @name", removed));
        Assert.Null(await ScalarAsync(regions.A.ConnectionString, "SELECT 1 FROM pg_replication_slots WHERE starts_with(slot_name, @name)", removed));
        Assert.NotNull(await ScalarAsync(regions.A.ConnectionString, "SELECT 1 FROM pg_subscription WHERE subname = @name",
            RegionNames.Subscription(regions.B.Name, regions.A.Name)));
    }

    [Fact]
    public async Task RemovedPeerUnreachable_SubscriptionIsDroppedAnyway_ItsSlotIsLeftOnThePeer()
    {
        await using var regions = await TwoRegions.StartAsync();
        var removed = RegionNames.Subscription(regions.A.Name, regions.B.Name);
        await regions.B.ExecuteAsync($"ALTER SUBSCRIPTION {removed} CONNECTION 'host=127.0.0.1 port={FreePorts.Next()} user=xai dbname=xai connect_timeout=2'");
        regions.B.Options.Peers.Clear();

        var dropped = await regions.B.Replication.DropRemovedPeersAsync(Cancellation);

        Assert.Equal([removed], dropped);
        Assert.Null(await ScalarAsync(regions.B.ConnectionString, "SELECT 1 FROM pg_subscription WHERE subname = @name", removed));
        Assert.NotNull(await ScalarAsync(regions.A.ConnectionString, "SELECT 1 FROM pg_replication_slots WHERE starts_with(slot_name, @name)", removed));
        await regions.A.ExecuteAsync("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE starts_with(slot_name, @name) AND NOT active", ("name", removed));
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(Cancellation);
    }
}
