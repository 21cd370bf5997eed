using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// A Gateway on a real socket (for the OpenAI SDK) with the smallest backlog bound (<c>Usage:MaxPendingRecords</c>)
/// whose own reporter writes through <see cref="Ledgers"/>, a fake provider, and one tenant served by it.
/// </summary>
public sealed class LedgerGuardFixture : IAsyncLifetime
{
    public const string Model = "gpt-4o";

    public const int MaxPending = UsageReportingOptionsValidator.MinPendingRecords;

    public FlakyLedgers Ledgers { get; } = new();

    public FakeUpstream Upstream { get; private set; } = null!;

    public GatewayFactory Gateway { get; }

    public TenantSession Tenant { get; private set; } = null!;

    public Uri GatewayAddress { get; private set; } = null!;

    public LedgerGuardFixture()
    {
        Gateway = new GatewayFactory
        {
            RealSockets = true,
            Settings = new() { ["Usage:MaxPendingRecords"] = MaxPending.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ReplaceServices = services => services.AddSingleton(provider => new UsageReporter(
                Ledgers.Wrap(provider.GetRequiredService<IGrainFactory>()), TimeProvider.System, provider.GetRequiredService<ILogger<UsageReporter>>(),
                provider.GetRequiredService<IOptions<UsageReportingOptions>>(), provider.GetRequiredService<UsageReporterMetrics>())),
        };
    }

    /// <summary>The Gateway's own reporter.</summary>
    internal UsageReporter Reporter => Gateway.Services.GetRequiredService<UsageReporter>();

    /// <summary>The real grains (ledger reads).</summary>
    public IGrainFactory Grains => Gateway.Services.GetRequiredService<IGrainFactory>();

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Upstream.ReleaseStream();
        GatewayAddress = Gateway.Start();
        Tenant = await TenantSession.CreateAsync(Gateway, "ledger-guard");
        await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, "sk-ledger-guard-provider-key-0123", [Model]);
    }

    /// <summary>The official SDK with the tenant's key, retrying nothing (a 503 must reach the test at once).</summary>
    public OpenAIClient Sdk() => new(new ApiKeyCredential(Tenant.Key), new OpenAIClientOptions
    {
        Endpoint = new Uri(GatewayAddress, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    public async ValueTask DisposeAsync()
    {
        Ledgers.Down = false;
        Tenant?.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
