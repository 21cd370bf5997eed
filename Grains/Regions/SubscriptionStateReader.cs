using System.Data.Common;
using XaiRouter.Grains.Abstractions.Regions;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// Reads the subscriptions of this region's database (<c>pg_subscription</c>, and the apply worker's row of
/// <c>pg_stat_subscription</c>, the one without a table) for every configured peer. Regions exist on PostgreSQL only.
/// </summary>
internal static class SubscriptionStateReader
{
    private const string Sql =
        "SELECT s.subname, s.subenabled, w.received_lsn::text, w.last_msg_receipt_time, w.latest_end_time " +
        "FROM pg_subscription s LEFT JOIN pg_stat_subscription w ON w.subid = s.oid AND w.relid IS NULL " +
        "WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())";

    public static async Task<ImmutableArray<PeerSubscriptionState>> ReadAsync(StorageDatabase database, RegionOptions region, CancellationToken cancellationToken)
    {
        if (!region.IsMultiRegion || database.Dialect.Provider != StorageProvider.Postgres)
        {
            return [];
        }

        var found = new Dictionary<string, PeerSubscriptionState>(StringComparer.Ordinal);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[reader.GetString(0)] = new PeerSubscriptionState(
                    string.Empty, Exists: true, reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2), Time(reader, 3), Time(reader, 4));
            }
        }

        return [.. region.Peers.Select(peer => found.TryGetValue(RegionNames.Subscription(peer.Name!, region.Name!), out var state)
            ? state with { Peer = peer.Name! }
            : new PeerSubscriptionState(peer.Name!, Exists: false, Enabled: false, null, null, null))];
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));
}
