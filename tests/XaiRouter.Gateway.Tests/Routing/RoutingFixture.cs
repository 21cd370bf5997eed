using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains;

namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>
/// One Gateway on a real socket whose health clock only the tests move, with a short header timeout; each test
/// brings its own fake upstreams (one per provider key, each with its fault) and its own tenant.
/// </summary>
public class RoutingFixture : IAsyncLifetime
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    public GatewayFactory Gateway { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Gateway = new GatewayFactory
        {
            RealSockets = true,
            Settings = new(ExtraSettings) { ["Routing:HeadersTimeout"] = "00:00:01", ["Routing:MaxAttempts"] = "3" },
            ReplaceServices = services =>
            {
                services.AddSingleton(new RouterClock(Clock));
                AddServices(services);
            },
        };
        Gateway.Start();
        return ValueTask.CompletedTask;
    }

    /// <summary>Settings a derived fixture adds to the Gateway's.</summary>
    protected virtual Dictionary<string, string> ExtraSettings => [];

    /// <summary>Services a derived fixture adds to the Gateway (after its own).</summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    public async Task<RoutingTenant> CreateTenantAsync() => new(this, await TenantSession.CreateAsync(Gateway, "routing"));

    /// <summary>Sends the health outcomes queued in the gateway to the health grains now.</summary>
    public Task FlushHealthAsync() => Gateway.Services.GetRequiredService<HealthReporter>().FlushAsync();

    public virtual async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}
