using Microsoft.Extensions.Options;
using Npgsql;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// Sets up the PostgreSQL logical replication between this region's database and its peers' (docs/multi-region.md):
/// each region publishes the control-plane rows it homes and subscribes to each peer's publication. Every step
/// checks before it acts, so running it again (each start, each silo) changes nothing.
/// </summary>
/// <remarks>
/// <see cref="PrepareAsync"/>, in one transaction under an advisory lock (silos starting together do it once):
/// 1. claim the database for this region (table <c>xai_region</c>), or refuse one that belongs to another region;
/// 2. back-fill: control-plane rows without a home (written before this cluster became a region) become this region's;
/// 3. create the publication <c>xai_home_&lt;self&gt;</c>, row filter <c>home_region = '&lt;self&gt;'</c>, for inserts,
///    updates and deletes (never TRUNCATE).
/// <see cref="SubscribeAsync"/>, per peer, outside a transaction (CREATE SUBSCRIPTION refuses to run in one):
/// 1. ask the peer's database whether its publication exists (a subscription made before it would copy nothing);
/// 2. under a session advisory lock, create the replication slot on the peer's server (<see cref="CreateSlotAsync"/>
///    says why not by CREATE SUBSCRIPTION) and the subscription <c>xai_&lt;peer&gt;_to_&lt;self&gt;</c> with
///    <c>copy_data = true</c>, or bring an existing one's connection in line with the configured peer address.
/// </remarks>
internal sealed class RegionReplication(StorageDatabase database, IOptions<RegionOptions> options)
{
    /// <summary>Advisory lock of the set-up (the migrations hold 7213462000).</summary>
    public const long LockKey = 7213462001;

    /// <summary>How long the check of a peer's publication waits for its database.</summary>
    public const int PeerTimeoutSeconds = 5;

    /// <summary>How long creating a slot on a peer's server may wait for the transactions running there to end (60 s; shorter in tests).</summary>
    public int SlotTimeoutSeconds { get; init; } = 60;

    private string Self => options.Value.Name ?? throw new InvalidOperationException("Region:Name is not set: this cluster is not a region.");

    public async Task<RegionPreparation> PrepareAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@lock)", cancellationToken, ("lock", LockKey));

        // Step 1.
        var claimed = await ExecuteAsync(connection, "INSERT INTO xai_region (name) VALUES (@name) ON CONFLICT (single) DO NOTHING", cancellationToken, ("name", Self)) == 1;
        var owner = (string?)await ScalarAsync(connection, "SELECT name FROM xai_region", cancellationToken);
        if (owner != Self)
        {
            throw new RegionMismatchException(owner ?? "", Self);
        }

        // Step 2. The stamping trigger writes this region's name into every row the statement touches.
        var backFilled = await ExecuteAsync(connection,
            $"UPDATE xai_grain_state SET home_region = @name WHERE home_region = '' AND state_name IN {ControlPlaneRows.SqlList}", cancellationToken, ("name", Self));

        // Step 3. The name is a validated region name, safe in a literal (DDL takes no parameters).
        var publication = RegionNames.Publication(Self);
        var publicationCreated = false;
        if (await ScalarAsync(connection, "SELECT 1 FROM pg_publication WHERE pubname = @name", cancellationToken, ("name", publication)) is null)
        {
            await ExecuteAsync(connection,
                $"CREATE PUBLICATION {publication} FOR TABLE xai_grain_state WHERE (home_region = '{Self}') WITH (publish = 'insert, update, delete')",
                cancellationToken);
            publicationCreated = true;
        }

        await transaction.CommitAsync(cancellationToken);
        return new RegionPreparation(claimed, backFilled, publicationCreated);
    }

    public async Task<SubscriptionOutcome> SubscribeAsync(RegionPeerOptions peer, CancellationToken cancellationToken)
    {
        // Step 1.
        var peerPublication = RegionNames.Publication(peer.Name!);
        var peerConnection = new NpgsqlConnectionStringBuilder(peer.Postgres) { Timeout = PeerTimeoutSeconds, Pooling = false }.ConnectionString;
        await using var peerDatabase = new NpgsqlConnection(peerConnection);
        await peerDatabase.OpenAsync(cancellationToken);
        if (await ScalarAsync(peerDatabase, "SELECT 1 FROM pg_publication WHERE pubname = @name", cancellationToken, ("name", peerPublication)) is null)
        {
            return SubscriptionOutcome.PeerNotPublishing;
        }

        // Step 2.
        var subscription = RegionNames.Subscription(peer.Name!, Self);
        var conninfo = PeerConnectionInfo.ToLibpq(peer.Postgres!);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@lock)", cancellationToken, ("lock", LockKey));
        try
        {
            var existing = await ScalarAsync(connection,
                "SELECT subconninfo FROM pg_subscription WHERE subname = @name AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
                cancellationToken, ("name", subscription));
            if (existing is string current)
            {
                if (current == conninfo)
                {
                    return SubscriptionOutcome.Existing;
                }

                await ExecuteAsync(connection, $"ALTER SUBSCRIPTION {subscription} CONNECTION {PeerConnectionInfo.ToSqlLiteral(conninfo)}", cancellationToken);
                return SubscriptionOutcome.ConnectionUpdated;
            }

            var slot = RegionNames.Slot(subscription, (string)(await ScalarAsync(connection,
                "SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || oid::text FROM pg_database WHERE datname = current_database()",
                cancellationToken))!);
            await CreateSlotAsync(peerDatabase, slot, cancellationToken);
            try
            {
                await ExecuteAsync(connection,
                    $"CREATE SUBSCRIPTION {subscription} CONNECTION {PeerConnectionInfo.ToSqlLiteral(conninfo)} PUBLICATION {peerPublication} WITH (copy_data = true, create_slot = false, slot_name = '{slot}')",
                    cancellationToken);
            }
            catch (Exception) when (connection.State == System.Data.ConnectionState.Open)
            {
                await DropUnusedSlotAsync(connection, peerDatabase, slot);
                throw;
            }

            return SubscriptionOutcome.Created;
        }
        finally
        {
            // A connection broken by a failed statement has ended its session, and the session's lock with it.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@lock)", CancellationToken.None, ("lock", LockKey));
            }
        }
    }

    /// <summary>
    /// Creates the subscription's replication slot on the peer's server, from a plain session there, before the
    /// subscription. CREATE SUBSCRIPTION could create it, but it does so inside its own transaction on this server,
    /// and a logical slot waits for every transaction running on the peer's server to end: two regions subscribing
    /// to each other at once would each wait for the other's CREATE SUBSCRIPTION, forever (PostgreSQL cannot see a
    /// deadlock across servers). A session here holds no transaction on this server, so nothing waits in a circle.
    /// The slot's name is this database's own (<see cref="RegionNames.Slot"/>): an inactive slot of that name is one an
    /// earlier attempt of this database left when it failed after making it (nobody reads it), made again so that the
    /// new subscription starts from its own copy of the rows. Under the subscription's name alone it could have been
    /// another database's set up as the same region, whose apply worker was away: dropping it lost that database's changes.
    /// </summary>
    private async Task CreateSlotAsync(NpgsqlConnection peerDatabase, string slot, CancellationToken cancellationToken)
    {
        var active = await ScalarAsync(peerDatabase, "SELECT active FROM pg_replication_slots WHERE slot_name = @slot", cancellationToken, ("slot", slot));
        if (active is true)
        {
            throw new InvalidOperationException($"The replication slot {slot} on region peer's server is in use by another subscriber: a copy of this database (a restored physical backup, a promoted standby) subscribes from it.");
        }

        if (active is false)
        {
            await ExecuteAsync(peerDatabase, "SELECT pg_drop_replication_slot(@slot)", cancellationToken, ("slot", slot));
        }

        await using var command = Command(peerDatabase, "SELECT pg_create_logical_replication_slot(@slot, 'pgoutput')", [("slot", slot)]);
        command.CommandTimeout = SlotTimeoutSeconds;
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException exception) when (exception.InnerException is TimeoutException)
        {
            // Npgsql's own message ("Exception while reading from stream") would not tell the operator what to look for.
            throw new InvalidOperationException(
                $"Creating the replication slot {slot} on region peer's server waited {SlotTimeoutSeconds} s for the transactions running there to end: " +
                "a session on that server holds a transaction open (pg_stat_activity, columns backend_xid and xact_start, on that server).", exception);
        }
    }

    /// <summary>
    /// After CREATE SUBSCRIPTION failed, drops the slot just made for it on the peer's server: nobody would read it
    /// (the peer would retain its WAL forever) unless a later attempt replaced it, and there may be none (the peer
    /// taken out of <c>Region:Peers</c>, the region shut down). Only while this session is open: then the statement
    /// has ended here and, under the lock, no other silo of this region subscribes; with the session lost the statement
    /// may still commit, so the slot is left to the next attempt, which drops it only if no subscription exists.
    /// Best effort: the error of CREATE SUBSCRIPTION is the one the caller sees.
    /// </summary>
    private static async Task DropUnusedSlotAsync(NpgsqlConnection connection, NpgsqlConnection peerDatabase, string slot)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(PeerTimeoutSeconds));
        try
        {
            if (peerDatabase.State == System.Data.ConnectionState.Open
                && await ScalarAsync(connection, "SELECT 1 FROM pg_subscription WHERE subslotname = @slot", timeout.Token, ("slot", slot)) is null)
            {
                await ExecuteAsync(peerDatabase, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = @slot AND NOT active", timeout.Token, ("slot", slot));
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            // The peer's session lost meanwhile, or no answer within the timeout: the next attempt drops it (CreateSlotAsync).
        }
    }

    /// <summary>
    /// Drops this database's subscriptions to regions no longer in <c>Region:Peers</c>: a removed region's rows are no
    /// longer applied here (it is no longer trusted), and its replication slot on that region's server is dropped with
    /// the subscription (a slot nobody reads retains WAL forever). When that server does not answer, the subscription
    /// is dropped without its slot, which is then left on the removed region's server (see the README's runbook).
    /// </summary>
    /// <returns>The subscriptions dropped.</returns>
    public async Task<IReadOnlyList<string>> DropRemovedPeersAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Peers.Select(peer => RegionNames.Subscription(peer.Name!, Self)).ToHashSet(StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken);
        var removed = new List<string>();
        await using (var command = Command(connection, """
            SELECT subname FROM pg_subscription
            WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND EXISTS (SELECT 1 FROM unnest(subpublications) AS publication WHERE publication LIKE 'xai\_home\_%')
            """, []))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!configured.Contains(reader.GetString(0)))
                {
                    removed.Add(reader.GetString(0));
                }
            }
        }

        foreach (var subscription in removed)
        {
            var name = "\"" + subscription.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            try
            {
                await ExecuteAsync(connection, $"DROP SUBSCRIPTION {name}", cancellationToken);
            }
            catch (NpgsqlException) when (!cancellationToken.IsCancellationRequested)
            {
                // The removed region's server did not answer: let go of its slot, then drop the subscription.
                await ExecuteAsync(connection, $"ALTER SUBSCRIPTION {name} DISABLE", cancellationToken);
                await ExecuteAsync(connection, $"ALTER SUBSCRIPTION {name} SET (slot_name = NONE)", cancellationToken);
                await ExecuteAsync(connection, $"DROP SUBSCRIPTION {name}", cancellationToken);
            }
        }

        return removed;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
