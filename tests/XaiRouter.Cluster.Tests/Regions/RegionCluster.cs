namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>
/// One region of <see cref="TwoRegions"/>: a Silo process and a Gateway process on the region's own Redis and
/// PostgreSQL database, with a TLS certificate of its own (membership never spans regions), naming one peer region
/// whose management URL and PostgreSQL are reached through <see cref="TcpProxy"/> links.
/// </summary>
public sealed class RegionCluster : IAsyncDisposable
{
    public const string CertificatePassword = "region-pfx-password";

    private readonly TempDirectory _data = new();

    /// <param name="name">This region's name (<c>Region:Name</c>).</param>
    /// <param name="redis">This region's Redis configuration string.</param>
    /// <param name="postgres">This region's PostgreSQL database (connection string).</param>
    /// <param name="peer">The other region's name.</param>
    /// <param name="peerManagementUrl">The other region's Gateways, as this region reaches them.</param>
    /// <param name="peerPostgres">The other region's database, as this region reaches it.</param>
    public RegionCluster(string name, string redis, string postgres, string peer, string peerManagementUrl, string peerPostgres)
    {
        Name = name;
        Redis = redis;
        Postgres = postgres;
        using var certificate = TestCertificates.SelfSigned($"CN=xai-router region {name}");
        CertificatePath = TestCertificates.WritePfx(certificate, _data.Combine("cluster.pfx"), CertificatePassword);
        string[] settings =
        [
            "--Cluster:Tls:CertificatePath", CertificatePath, "--Cluster:Tls:CertificatePassword", CertificatePassword,
            "--Cluster:Provider", "redis", "--Cluster:Redis", redis, "--Cluster:AdvertisedAddress", "127.0.0.1",
            "--Storage:Provider", "postgres", "--Storage:ConnectionString", postgres,
            "--Operator:Token", TwoRegions.OperatorToken, "--Upstream:AllowPrivateNetworks", "true",
            "--Region:Name", name,
            "--Region:Peers:0:Name", peer, "--Region:Peers:0:ManagementUrl", peerManagementUrl, "--Region:Peers:0:Postgres", peerPostgres,
        ];
        Settings = settings;
        Silo = new SiloNode(Directory.CreateDirectory(_data.Combine("silo")).FullName, settings);

        // Every test request comes from 127.0.0.1, and the polls that wait for a key to replicate are failed
        // authentications: with the default allowance (20, one back every 2 s) the address would soon be throttled,
        // and a revoked key would be refused with the throttle's 429 until a 401 got through, every 2 s. A deployment's
        // clients come from many addresses; here the tests measure revocation, not the throttle.
        Gateway = new GatewayNode(Directory.CreateDirectory(_data.Combine("gateway")).FullName,
            [.. settings, "--Auth:FailureBurst", "1000000", "--Auth:FailuresPerMinute", "1000000"]);
    }

    public string Name { get; }

    public string Redis { get; }

    public string Postgres { get; }

    /// <summary>The PKCS#12 file this region's nodes present (password <see cref="CertificatePassword"/>).</summary>
    public string CertificatePath { get; }

    /// <summary>Every setting the region's nodes share (what the README's two-region commands show).</summary>
    public IReadOnlyList<string> Settings { get; }

    public SiloNode Silo { get; }

    public GatewayNode Gateway { get; }

    public RouterProcess? SiloProcess { get; private set; }

    public RouterProcess? GatewayProcess { get; private set; }

    /// <summary>The region's nodes' cluster settings as environment variables, for xai-admin.</summary>
    public Dictionary<string, string> AdminEnvironment => new()
    {
        ["Cluster__Provider"] = "redis",
        ["Cluster__Redis"] = Redis,
        ["Cluster__Tls__CertificatePath"] = CertificatePath,
        ["Cluster__Tls__CertificatePassword"] = CertificatePassword,
    };

    /// <summary>Starts both processes and waits until they report started (the Gateway's readiness is awaited separately).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        SiloProcess = Silo.Start();
        GatewayProcess = Gateway.Start();
        try
        {
            await Task.WhenAll(SiloProcess.WaitStartedAsync(cancellationToken), GatewayProcess.WaitStartedAsync(cancellationToken));
            await RedisPostgresCluster.WaitReadyAsync(Gateway, TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Region {Name} did not start: {exception.Message}\n{Output}", exception);
        }
    }

    /// <summary>What both processes wrote so far, for a failure's message.</summary>
    public string Output => $"--- region {Name} silo:\n{SiloProcess?.Output}\n--- region {Name} gateway:\n{GatewayProcess?.Output}";

    /// <summary>Kills both processes at once, as when the whole region is lost.</summary>
    public async Task KillAsync()
    {
        foreach (var process in new[] { GatewayProcess, SiloProcess })
        {
            if (process is not null)
            {
                await process.KillAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { GatewayProcess, SiloProcess })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        _data.Dispose();
    }
}
