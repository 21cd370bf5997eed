using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.TestingHost;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// Two regions at grain level: region "a" (a test cluster on a database of <see cref="TestServers.Postgres"/>) and
/// region "b" (a test cluster on a database of <see cref="TestServers.PostgresB"/>), B subscribed to A's control-plane
/// rows with PostgreSQL logical replication (rg-core's set-up, at silo start), each listening to the other's revocation
/// feed. B's router clock is manual (the staleness bound).
/// </summary>
public sealed class TwoRegionGrainFixture : IAsyncLifetime
{
    public const int MaxStaleSeconds = 30;

    private InProcessTestCluster _a = null!;
    private InProcessTestCluster _b = null!;

    public ManualTimeProvider ClockB { get; } = new(DateTimeOffset.UtcNow);

    public string DatabaseA { get; private set; } = "";

    public string DatabaseB { get; private set; } = "";

    /// <summary>B's subscription to A's rows (rg-core's name).</summary>
    public string Subscription { get; } = RegionNames.Subscription("a", "b");

    public IGrainFactory A => _a.Client;

    public IGrainFactory B => _b.Client;

    public async ValueTask InitializeAsync()
    {
        DatabaseA = await TestServers.NewPostgresDatabaseAsync(TestServers.Postgres);
        DatabaseB = await TestServers.NewPostgresDatabaseAsync(TestServers.PostgresB);
        _a = await StartAsync(DatabaseA, "a", new RegionPeerOptions { Name = "b", ManagementUrl = "http://127.0.0.1:1", Postgres = DatabaseB }, null);
        _b = await StartAsync(DatabaseB, "b", new RegionPeerOptions { Name = "a", ManagementUrl = "http://127.0.0.1:1", Postgres = DatabaseA }, new RouterClock(ClockB));

        // rg-core's replication set-up runs at silo start and subscribes each region to the other in the background.
        await Eventually.WaitAsync(async () => await ScalarAsync<long>(DatabaseB,
            $"SELECT count(*) FROM pg_stat_subscription WHERE subname = '{Subscription}' AND pid IS NOT NULL") > 0, "B subscribes to A", timeoutSeconds: 30);
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
        // Subscriptions outlive their silos; dropping them drops their slots on the other server.
        await ExecuteAsync(DatabaseB, $"DROP SUBSCRIPTION IF EXISTS {Subscription}");
        await ExecuteAsync(DatabaseA, $"DROP SUBSCRIPTION IF EXISTS {RegionNames.Subscription("b", "a")}");
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
}
