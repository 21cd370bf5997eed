using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains;

namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>
/// Two Gateways on real sockets forming one Orleans cluster of two silos (the second joins the first) over one
/// SQLite file, a fake provider on loopback, and one clock for rate limits that only the tests move.
/// </summary>
public sealed class TwoGatewayFixture : IAsyncLifetime
{
    public const string ProviderKey = "sk-limits-provider-key-0123456789";

    private readonly TempDirectory _storage = new();

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 15, 12, 0, 0, TimeSpan.Zero));

    public FakeUpstream Upstream { get; private set; } = null!;

    public GatewayFactory First { get; private set; } = null!;

    public GatewayFactory Second { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        var primaryPort = FreePorts.Next();
        var storage = $"Data Source={_storage.Combine("shared.db")}";
        First = NewGateway(new() { ["Cluster:SiloPort"] = primaryPort.ToString(CultureInfo.InvariantCulture), ["Storage:ConnectionString"] = storage });
        First.Start();
        // One cluster, one set of transport credentials: the second node presents the certificate the first generated.
        Second = NewGateway(new()
        {
            ["Cluster:PrimarySiloPort"] = primaryPort.ToString(CultureInfo.InvariantCulture),
            ["Storage:ConnectionString"] = storage,
            ["Cluster:Tls:CertificatePath"] = Path.Combine(First.DataPath, XaiRouter.Grains.Transport.ClusterCredentials.GeneratedFileName),
        });
        Second.Start();
    }

    /// <summary>A fresh tenant with a provider key (at the fake) for <paramref name="models"/>, plus optional limits on it.</summary>
    public async Task<LimitsTenant> CreateTenantAsync(string[] models, object? providerKeyLimits = null)
    {
        var tenant = await TenantSession.CreateAsync(First, "limits");
        var providerKeyId = await tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, models, providerKeyLimits);
        return new LimitsTenant(this, tenant, providerKeyId);
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        await Upstream.DisposeAsync();
        _storage.Dispose();
    }

    private GatewayFactory NewGateway(Dictionary<string, string> settings) => new()
    {
        RealSockets = true,
        Settings = settings,
        ReplaceServices = services => services.AddSingleton(new RouterClock(Clock)),
    };
}
