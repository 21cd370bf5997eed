using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.TestingHost;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// Two regions at grain level: region "a" (a test cluster on a database of <see cref="TestServers.Postgres"/>) and
/// region "b" (a test cluster on a database of <see cref="TestServers.PostgresB"/>), B subscribed to A's control-plane
/// rows with PostgreSQL logical replication, each listening to the other's revocation feed. B's router clock is manual
/// (the staleness bound). The publication and subscription are made here with SQL, as rg-core's set-up will.
/// </summary>
public sealed class TwoRegionGrainFixture : IAsyncLifetime
{
    public const int MaxStaleSeconds = 30;

    private InProcessTestCluster _a = null!;
    private InProcessTestCluster _b = null!;

    public ManualTimeProvider ClockB { get; } = new(DateTimeOffset.UtcNow);

    public string DatabaseA { get; private set; } = "";

    public string DatabaseB { get; private set; } = "";

    public string Subscription { get; } = "xai_a_to_b_" + Guid.NewGuid().ToString("N")[..8];

    public IGrainFactory A => _a.Client;

    public IGrainFactory B => _b.Client;

    public async ValueTask InitializeAsync()
    {
        DatabaseA = await TestServers.NewPostgresDatabaseAsync(TestServers.Postgres);
        DatabaseB = await TestServers.NewPostgresDatabaseAsync(TestServers.PostgresB);
        _a = await StartAsync(DatabaseA, "a", new RegionPeerOptions { Name = "b", ManagementUrl = "http://127.0.0.1:1", Postgres = DatabaseB }, null);
        _b = await StartAsync(DatabaseB, "b", new RegionPeerOptions { Name = "a", ManagementUrl = "http://127.0.0.1:1", Postgres = DatabaseA }, new RouterClock(ClockB));

        // The home column as rg-core's migration 0007 defines it; A's rows are all homed in A (its trigger stamps them).
        await ExecuteAsync(DatabaseA, "ALTER TABLE xai_grain_state ADD COLUMN IF NOT EXISTS home_region text NOT NULL DEFAULT ''; ALTER TABLE xai_grain_state ALTER COLUMN home_region SET DEFAULT 'a'");
        await ExecuteAsync(DatabaseB, "ALTER TABLE xai_grain_state ADD COLUMN IF NOT EXISTS home_region text NOT NULL DEFAULT ''");
        await ExecuteAsync(DatabaseA, "CREATE PUBLICATION xai_home_a FOR TABLE xai_grain_state WHERE (state_name IN ('tenant', 'accessKey', 'providerKey'))");
        await ExecuteAsync(DatabaseB, $"CREATE SUBSCRIPTION {Subscription} CONNECTION '{Libpq(DatabaseA)}' PUBLICATION xai_home_a");
    }

    /// <summary>Pauses (<see langword="false"/>) or resumes replication from A to B; a pause returns once the apply worker is gone.</summary>
    public async Task SetReplicationAsync(bool enabled)
    {
        await ExecuteAsync(DatabaseB, $"ALTER SUBSCRIPTION {Subscription} {(enabled ? "ENABLE" : "DISABLE")}");
        if (!enabled)
        {
            await Eventually.WaitAsync(async () => await ScalarAsync<long>(DatabaseB,
                $"SELECT count(*) FROM pg_stat_subscription WHERE subname = '{Subscription}' AND pid IS NOT NULL") == 0, "the apply worker stops");
        }
    }

    public static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync(DatabaseB, $"DROP SUBSCRIPTION IF EXISTS {Subscription}");
        foreach (var cluster in new[] { _b, _a })
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<InProcessTestCluster> StartAsync(string database, string name, RegionPeerOptions peer, RouterClock? clock)
    {
        var region = new RegionOptions { Name = name, Peers = [peer], MaxStaleSeconds = MaxStaleSeconds };
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;

        // Rows carry the service id; every region's is the same (SiloHostingExtensions.ClusterName), clusters apart.
        builder.Options.ServiceId = SiloHostingExtensions.ClusterName;
        builder.Options.ClusterId = "region-" + name + "-" + Guid.NewGuid().ToString("N")[..6];
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(Options.Create(region));
            if (clock is not null)
            {
                silo.Services.AddSingleton(clock);
            }

            silo.AddXaiRouterGrains(new StorageDatabase(StorageDialect.Postgres, database));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>A libpq connection string (what CREATE SUBSCRIPTION takes) for an Npgsql one.</summary>
    private static string Libpq(string npgsql)
    {
        var builder = new NpgsqlConnectionStringBuilder(npgsql);
        var text = $"host={builder.Host} port={builder.Port} dbname={builder.Database} user={builder.Username}";
        return builder.Password is { Length: > 0 } password ? text + $" password={password}" : text;
    }
}
