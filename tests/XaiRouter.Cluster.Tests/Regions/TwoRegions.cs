using System.Diagnostics;
using System.Net.Http.Headers;
using Npgsql;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>
/// Two regions on loopback, "a" (PostgreSQL <see cref="TestServers.Postgres"/>, Redis <see cref="TestServers.Redis"/>)
/// and "b" (<see cref="TestServers.PostgresB"/>, <see cref="TestServers.RedisB"/>), each a Silo and a Gateway, with the
/// same operator token. Every link between them (each region's subscription to and revocation feed from the other's
/// PostgreSQL, and its calls to the other's Gateways) runs through a <see cref="TcpProxy"/>, so <see cref="Partition"/>
/// cuts them all. A collection fixture: started once (both regions at once), torn down after the collection.
/// </summary>
public sealed class TwoRegions : IAsyncLifetime
{
    public const string OperatorToken = "regions-operator-token-0123456789abcdef";

    private readonly List<TcpProxy> _links = [];

    public RegionCluster A { get; private set; } = null!;

    public RegionCluster B { get; private set; } = null!;

    /// <summary>The provider both regions forward to (a provider key holds one base URL, replicated as it is).</summary>
    public FakeUpstream Upstream { get; private set; } = null!;

    /// <summary>How long start-up took, both regions and replication included.</summary>
    public TimeSpan StartedIn { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var databases = await Task.WhenAll(TestServers.NewPostgresDatabaseAsync(TestServers.Postgres), TestServers.NewPostgresDatabaseAsync(TestServers.PostgresB));
        Upstream = await FakeUpstream.StartAsync();

        // Each region reaches the other's database and Gateways through a link of its own; the Gateway links get their
        // targets once both Gateways have ports (each region names the other).
        var aDatabase = Link(Port(databases[0]));
        var bDatabase = Link(Port(databases[1]));
        var aGateway = Link();
        var bGateway = Link();
        A = new RegionCluster("a", TestServers.NewRedisDatabase(), databases[0], "b", $"http://127.0.0.1:{bGateway.Port}", Through(databases[1], bDatabase));
        B = new RegionCluster("b", TestServers.NewRedisDatabase(TestServers.RedisB), databases[1], "a", $"http://127.0.0.1:{aGateway.Port}", Through(databases[0], aDatabase));
        aGateway.TargetPort = A.Gateway.HttpPort;
        bGateway.TargetPort = B.Gateway.HttpPort;

        await Task.WhenAll(A.StartAsync(cancellation), B.StartAsync(cancellation));
        await Task.WhenAll(WaitReplicatingAsync(A, "b", cancellation), WaitReplicatingAsync(B, "a", cancellation));
        StartedIn = clock.Elapsed;
    }

    /// <summary>Cuts every link between the regions: replication, revocation feed and management calls, both ways.</summary>
    public void Partition() => _links.ForEach(link => link.Cut());

    /// <summary>Mends every link.</summary>
    public void Heal() => _links.ForEach(link => link.Restore());

    public static HttpClient Client(RegionCluster region, string bearer) => new()
    {
        BaseAddress = region.Gateway.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A tenant created and claimed in <paramref name="home"/>, with a provider key there at <see cref="Upstream"/> for <paramref name="models"/>.</summary>
    public async Task<(string TenantId, string Key)> CreateTenantAsync(RegionCluster home, string name, string[] models, CancellationToken cancellationToken)
    {
        using var operatorClient = Client(home, OperatorToken);
        var (tenantId, key) = await TenantOnboarding.CreateAndClaimAsync(operatorClient, name, cancellationToken);
        await AddProviderKeyAsync(home, key, "u-" + name, models, cancellationToken);
        return (tenantId, key);
    }

    /// <summary>Adds a provider key at <see cref="Upstream"/> in <paramref name="region"/>; returns its id.</summary>
    public async Task<string> AddProviderKeyAsync(RegionCluster region, string key, string name, string[] models, CancellationToken cancellationToken)
    {
        using var client = Client(region, key);
        using var response = await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name, provider = "openai", base_url = Upstream.BaseUrl, api_key = "sk-region-upstream-" + name, models,
        }, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /x/provider-keys in {region.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        // Processes first (so that no silo sets a subscription up again), then the links mended so that dropping each
        // subscription also drops its replication slot on the other server; nothing is left behind on either server.
        foreach (var region in new[] { A, B })
        {
            if (region is not null)
            {
                await region.DisposeAsync();
            }
        }

        Heal();
        foreach (var region in new[] { A, B })
        {
            if (region is not null)
            {
                await DropSubscriptionsAsync(region.Postgres);
            }
        }

        foreach (var region in new[] { A, B })
        {
            if (region is not null)
            {
                await DropDatabaseAsync(region.Postgres);
            }
        }

        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }
    }

    private TcpProxy Link(int targetPort = 0)
    {
        var link = new TcpProxy(targetPort);
        _links.Add(link);
        return link;
    }

    private static int Port(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Port;

    private static string Through(string connectionString, TcpProxy link) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Port = link.Port }.ConnectionString;

    /// <summary>
    /// Waits until <paramref name="region"/>'s database subscribes to <paramref name="peer"/>'s (subscription
    /// <c>xai_&lt;peer&gt;_to_&lt;self&gt;</c>, set up by the silos at start) with its apply worker running and its table copied.
    /// </summary>
    private static async Task WaitReplicatingAsync(RegionCluster region, string peer, CancellationToken cancellationToken)
    {
        var subscription = $"xai_{peer}_to_{region.Name}";
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(region.Postgres);
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            await using var command = new NpgsqlCommand("""
                SELECT EXISTS (SELECT 1 FROM pg_stat_subscription WHERE subname = @name AND pid IS NOT NULL AND relid IS NULL)
                   AND EXISTS (SELECT 1 FROM pg_subscription s JOIN pg_subscription_rel r ON r.srsubid = s.oid WHERE s.subname = @name)
                   AND NOT EXISTS (SELECT 1 FROM pg_subscription s JOIN pg_subscription_rel r ON r.srsubid = s.oid WHERE s.subname = @name AND r.srsubstate <> 'r')
                """, connection);
            command.Parameters.AddWithValue("name", subscription);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Region {region.Name} did not replicate from {peer} within 60 s (subscription {subscription}).\n"
                    + region.Output);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Drops every subscription of the database (with its slot on the publisher when reachable, else the slot separately).</summary>
    private static async Task DropSubscriptionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            try
            {
                await ExecuteAsync(connection, $"DROP SUBSCRIPTION \"{name}\"");
            }
            catch (PostgresException)
            {
                // The publisher did not answer: detach the slot and drop it on the publisher's side below.
                await ExecuteAsync(connection, $"ALTER SUBSCRIPTION \"{name}\" DISABLE");
                await ExecuteAsync(connection, $"ALTER SUBSCRIPTION \"{name}\" SET (slot_name = NONE)");
                await ExecuteAsync(connection, $"DROP SUBSCRIPTION \"{name}\"");
            }
        }
    }

    /// <summary>Drops the database, its replication slots (inactive once every subscriber is gone) first.</summary>
    private static async Task DropDatabaseAsync(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var name = builder.Database!;
        builder.Database = "xai";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var slots = new NpgsqlCommand("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = @name", connection);
                slots.Parameters.AddWithValue("name", name);
                await slots.ExecuteNonQueryAsync();
                await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                // A walsender of a just-dropped subscription still holds its slot for a moment.
                await Task.Delay(100);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
