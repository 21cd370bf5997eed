namespace XaiRouter.Cluster.Tests;

/// <summary>
/// A real cluster (a Silo and two Gateways on Redis and PostgreSQL) with a tenant whose provider key carries a marker
/// and one served request, for the built xai-admin run as a process with the nodes' settings in its environment.
/// </summary>
public sealed class AdminProcessFixture : IAsyncLifetime
{
    public const string ProviderKeyMarker = "sk-ADMINPROC-MARKER-5b8d1e0c94";

    public RedisPostgresCluster Cluster { get; private set; } = null!;

    public string TenantId { get; private set; } = "";

    public string RootKey { get; private set; } = "";

    public string ProviderKeyId { get; private set; } = "";

    /// <summary>The nodes' cluster settings, as environment variables.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["Cluster__Provider"] = "redis",
        ["Cluster__Redis"] = Cluster.Redis,
        ["Cluster__Tls__CertificatePath"] = Cluster.CertificatePath,
        ["Cluster__Tls__CertificatePassword"] = RedisPostgresCluster.CertificatePassword,
    };

    public async ValueTask InitializeAsync()
    {
        var cancellation = TestContext.Current.CancellationToken;
        Cluster = await RedisPostgresCluster.StartAsync(cancellation);
        using var operatorClient = RedisPostgresCluster.Client(Cluster.First, RedisPostgresCluster.OperatorToken);
        (TenantId, RootKey) = await TenantOnboarding.CreateAndClaimAsync(operatorClient, "cli-process", cancellation);
        using var client = RedisPostgresCluster.Client(Cluster.First, RootKey);
        using var created = await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "u", provider = "openai", base_url = Cluster.Upstream.BaseUrl, api_key = ProviderKeyMarker, models = new[] { "gpt-4o" },
        }, cancellation);
        created.EnsureSuccessStatusCode();
        ProviderKeyId = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetString()!;
        using var served = await RedisPostgresCluster.ChatAsync(client, cancellation);
        served.EnsureSuccessStatusCode();
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        AdminProcess.RunAsync(Environment, args, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
