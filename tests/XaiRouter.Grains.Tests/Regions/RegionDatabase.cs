using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>One region's database for the replication tests: a fresh, migrated database on one PostgreSQL instance.</summary>
internal sealed class RegionDatabase
{
    public const string ServiceId = SiloHostingExtensions.ClusterName;

    private RegionDatabase(string name, string connectionString, int slotTimeoutSeconds = 60)
    {
        Name = name;
        ConnectionString = connectionString;
        Options = new RegionOptions { Name = name };
        Database = new StorageDatabase(StorageDialect.Postgres, connectionString);
        Replication = new RegionReplication(Database, Microsoft.Extensions.Options.Options.Create(Options)) { SlotTimeoutSeconds = slotTimeoutSeconds };
        Homes = new TenantHomes(Database, Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = ServiceId }));
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public RegionOptions Options { get; }

    public StorageDatabase Database { get; }

    public RegionReplication Replication { get; }

    public TenantHomes Homes { get; }

    /// <summary>A migrated database on <paramref name="server"/> for a region with a name no other test uses (slot names are per server).</summary>
    public static Task<RegionDatabase> CreateAsync(string server, string prefix) =>
        CreateNamedAsync(server, prefix + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A migrated database on <paramref name="server"/> for region <paramref name="name"/> (another database may be that region too).</summary>
    public static async Task<RegionDatabase> CreateNamedAsync(string server, string name)
    {
        var region = new RegionDatabase(name, await TestServers.NewPostgresDatabaseAsync(server));
        await new StorageMigrator(region.Database, TimeProvider.System, NullLogger<StorageMigrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        return region;
    }

    /// <summary>Another set-up of this region's database, as a second silo of the region has (its own replication, the same database).</summary>
    public RegionDatabase OtherSilo(int slotTimeoutSeconds = 60)
    {
        var silo = new RegionDatabase(Name, ConnectionString, slotTimeoutSeconds);
        silo.Options.Peers.AddRange(Options.Peers);
        return silo;
    }

    public void AddPeer(RegionDatabase peer) =>
        Options.Peers.Add(new RegionPeerOptions { Name = peer.Name, ManagementUrl = "http://127.0.0.1:1", Postgres = peer.ConnectionString });

    /// <summary>Inserts a row as a grain's first write does (the stamping trigger fills home_region).</summary>
    public Task InsertAsync(string stateName, string key, string json) => ExecuteAsync(
        "INSERT INTO xai_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_at) " +
        "VALUES (@service, @state, 0, 0, @key, convert_to(@json, 'UTF8'), 1, now())",
        ("service", ServiceId), ("state", stateName), ("key", key), ("json", json));

    /// <summary>Updates a row's version as a grain's later write does.</summary>
    public Task<int> TouchAsync(string key) =>
        ExecuteAsync("UPDATE xai_grain_state SET version = version + 1, modified_at = now() WHERE key_string = @key", ("key", key));

    /// <summary>The row's home region and version, or null when the row is not (yet) there.</summary>
    public async Task<(string Home, int Version)?> ReadAsync(string key)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT home_region, version FROM xai_grain_state WHERE key_string = @key", connection);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        return await reader.ReadAsync(TestContext.Current.CancellationToken) ? (reader.GetString(0), reader.GetInt32(1)) : null;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the row (replication is asynchronous), at most 30 s.</summary>
    public async Task<(string Home, int Version)> WaitForAsync(string key, Func<(string Home, int Version), bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await ReadAsync(key) is { } row && condition(row))
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Row {key} did not reach the expected state in region {Name} within 30 s.");
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Drops this database's subscriptions, which also drops their slots on the peers' servers.</summary>
    public async Task DropSubscriptionsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"DROP SUBSCRIPTION {name}", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
