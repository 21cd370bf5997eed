using System.Net.Http.Headers;

namespace XaiRouter.Cluster.Tests;

/// <summary>
/// A real cluster: one Silo process and two Gateway processes sharing a Redis database for membership and a
/// PostgreSQL database for grain storage (both from <see cref="TestServers"/>), plus a fake provider on loopback.
/// </summary>
public sealed class RedisPostgresCluster : IAsyncDisposable
{
    public const string OperatorToken = "cluster-operator-token-0123456789abcdef";

    private readonly TempDirectory _data = new();
    private readonly string[] _common;

    private RedisPostgresCluster(string redis, string postgres, string[] secondGatewayArguments)
    {
        Redis = redis;
        // Cluster mode requires transport security: every node presents one shared certificate (pinned).
        using var certificate = TestCertificates.SelfSigned("CN=xai-router test cluster");
        CertificatePath = TestCertificates.WritePfx(certificate, _data.Combine("cluster.pfx"), CertificatePassword);
        _common =
        [
            "--Cluster:Tls:CertificatePath", CertificatePath, "--Cluster:Tls:CertificatePassword", CertificatePassword,
            "--Cluster:Provider", "redis", "--Cluster:Redis", redis, "--Cluster:AdvertisedAddress", "127.0.0.1",
            "--Storage:Provider", "postgres", "--Storage:ConnectionString", postgres,
            "--Operator:Token", OperatorToken, "--Upstream:AllowPrivateNetworks", "true",
        ];
        Silo = new SiloNode(Directory.CreateDirectory(_data.Combine("silo")).FullName, _common);
        First = new GatewayNode(Directory.CreateDirectory(_data.Combine("a")).FullName, _common);
        Second = new GatewayNode(Directory.CreateDirectory(_data.Combine("b")).FullName, [.. _common, .. secondGatewayArguments]);
    }

    public const string CertificatePassword = "cluster-pfx-password";

    /// <summary>The Redis configuration string of this cluster's membership (<c>Cluster:Redis</c>).</summary>
    public string Redis { get; }

    /// <summary>The PKCS#12 file every node of this cluster presents (password <see cref="CertificatePassword"/>).</summary>
    public string CertificatePath { get; }

    public SiloNode Silo { get; }

    public GatewayNode First { get; }

    public GatewayNode Second { get; }

    public RouterProcess SiloProcess { get; private set; } = null!;

    public RouterProcess FirstProcess { get; private set; } = null!;

    public RouterProcess SecondProcess { get; private set; } = null!;

    public FakeUpstream Upstream { get; private set; } = null!;

    /// <summary>Starts the three nodes at once (the migrations race under PostgreSQL's advisory lock) and waits until both gateways are ready.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="secondGatewayArguments">Settings for the second Gateway only (e.g. <c>--Dashboard:Enabled true</c>).</param>
    public static async Task<RedisPostgresCluster> StartAsync(CancellationToken cancellationToken, params string[] secondGatewayArguments)
    {
        var cluster = new RedisPostgresCluster(TestServers.NewRedisDatabase(), await TestServers.NewPostgresDatabaseAsync(), secondGatewayArguments);
        try
        {
            cluster.Upstream = await FakeUpstream.StartAsync();
            cluster.SiloProcess = cluster.Silo.Start();
            cluster.FirstProcess = cluster.First.Start();
            cluster.SecondProcess = cluster.Second.Start();
            await Task.WhenAll(cluster.SiloProcess.WaitStartedAsync(cancellationToken), cluster.FirstProcess.WaitStartedAsync(cancellationToken),
                cluster.SecondProcess.WaitStartedAsync(cancellationToken));
            await Task.WhenAll(WaitReadyAsync(cluster.First, TimeSpan.FromSeconds(30), cancellationToken), WaitReadyAsync(cluster.Second, TimeSpan.FromSeconds(30), cancellationToken));
            return cluster;
        }
        catch
        {
            // A cluster that did not come up is stopped here: no node outlives the test.
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static HttpClient Client(GatewayNode node, string bearer) => new()
    {
        BaseAddress = node.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Polls <c>/readyz</c> until it answers 200; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitReadyAsync(GatewayNode node, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            try
            {
                using var response = await client.GetAsync("/readyz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return started.Elapsed;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or too busy starting to answer within the poll's timeout.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{node.BaseAddress} was not ready within {limit}.");
    }

    /// <summary>A tenant created through <paramref name="node"/>, with a provider key at the fake upstream; returns its root key.</summary>
    public async Task<(string TenantId, string Key)> CreateTenantAsync(GatewayNode node, CancellationToken cancellationToken)
    {
        using var operatorClient = Client(node, OperatorToken);
        var (tenantId, key) = await TenantOnboarding.CreateAndClaimAsync(operatorClient, "cluster", cancellationToken);
        using var client = Client(node, key);
        (await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "u", provider = "openai", base_url = Upstream.BaseUrl, api_key = "sk-cluster-upstream-01", models = new[] { "gpt-4o" },
        }, cancellationToken)).EnsureSuccessStatusCode();
        return (tenantId, key);
    }

    public static Task<HttpResponseMessage> ChatAsync(HttpClient client, CancellationToken cancellationToken) =>
        client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hello" } } }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { FirstProcess, SecondProcess, SiloProcess })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        _data.Dispose();
    }
}
