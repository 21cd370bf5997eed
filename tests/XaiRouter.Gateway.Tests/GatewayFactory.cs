using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Gateway.Tests;

/// <summary>
/// The real Gateway in-process (its co-hosted silo, SQLite storage in a temp folder, Orleans ports of its own).
/// By default it uses a configured operator token; <see cref="GenerateToken"/> leaves <c>Operator:Token</c> unset.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string ConfiguredToken = "test-operator-token-0123456789abcdef";

    /// <summary>The test pepper (passphrase logins exist only with one).</summary>
    public const string TestPepper = "test-pepper-kept-outside-the-database";

    /// <summary><c>Vault:Pepper</c>: <see cref="TestPepper"/> by default; null leaves it unset (passphrases are then refused).</summary>
    public string? Pepper { get; init; } = TestPepper;

    /// <summary>Leave <c>Operator:Token</c> unset, so the Gateway generates its token file.</summary>
    public bool GenerateToken { get; init; }

    /// <summary>The data directory; pass an earlier factory's (disposed with <c>leaveData: true</c>) to restart on the same data.</summary>
    public TempDirectory Data { get; init; } = new();

    /// <summary>A folder inside <see cref="Data"/> that does not exist yet, for the Gateway to create; unset: <see cref="Data"/> itself.</summary>
    public string? DataDirectoryName { get; init; }

    /// <summary>The Gateway's <c>DataDirectory</c>.</summary>
    public string DataPath => DataDirectoryName is null ? Data.Path : Data.Combine(DataDirectoryName);

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The operator token in force: the configured one, or the generated file's content.</summary>
    public string OperatorToken => GenerateToken ? File.ReadAllText(Path.Combine(DataPath, "operator-token")) : ConfiguredToken;

    public HttpClient CreateOperatorClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", OperatorToken);
        return client;
    }

    /// <summary>A client that sends <paramref name="accessKey"/> as a bearer token (from <paramref name="peer"/>, in-memory server only).</summary>
    public HttpClient CreateClientWithKey(string accessKey, string? peer = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessKey);
        if (peer is not null)
        {
            client.DefaultRequestHeaders.Add(TestPeerStartupFilter.Header, peer);
        }

        return client;
    }

    /// <summary>Serve on a real Kestrel socket on 127.0.0.1 (streaming, cancellation) instead of the in-memory test server.</summary>
    public bool RealSockets { get; init; }

    /// <summary>Starts the server; with <see cref="RealSockets"/> returns its address.</summary>
    public Uri Start()
    {
        if (RealSockets)
        {
            UseKestrel(0);
            StartServer();
        }

        return CreateClient().BaseAddress!;
    }

    /// <summary>Service replacements applied last (for example a test clock for rate limits).</summary>
    public Action<IServiceCollection>? ReplaceServices { get; init; }

    /// <summary>Extra settings, applied after the defaults (for example a small <c>Auth:FailureBurst</c>).</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDirectory", DataPath);
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Upstream:AllowPrivateNetworks", Settings.GetValueOrDefault("Upstream:AllowPrivateNetworks", "true"));

        // Every in-process test client shares one "address": keep the failure throttle out of unrelated tests.
        builder.UseSetting("Auth:FailureBurst", "1000000");
        if (Pepper is not null)
        {
            builder.UseSetting("Vault:Pepper", Pepper);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (!GenerateToken)
        {
            builder.UseSetting("Operator:Token", ConfiguredToken);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.AddSingleton<IStartupFilter, TestPeerStartupFilter>();
        });
        if (ReplaceServices is { } replace)
        {
            builder.ConfigureTestServices(replace);
        }
    }

    public override ValueTask DisposeAsync() => DisposeAsync(leaveData: false);

    /// <summary>Stops the Gateway; <paramref name="leaveData"/> keeps the data directory for inspection.</summary>
    public async ValueTask DisposeAsync(bool leaveData)
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!leaveData)
        {
            Data.Dispose();
        }
    }
}
