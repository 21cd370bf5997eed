using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XaiRouter.Grains;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Limits;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Gateway.Limits.Regions.Tests;

/// <summary>
/// Two regions on real sockets for budget leases: <see cref="Home"/> (region <c>a</c>) and <see cref="Away"/> (region
/// <c>b</c>), each a Gateway with its own cluster and SQLite database, the same operator token, one clock that only
/// the tests move. Region <c>b</c> knows a third peer, <c>c</c>, whose address nothing listens on (a home that never
/// answers). Which tenant is homed where: <see cref="TenantHomes"/>. The region settings are set as services: the
/// <c>Region:*</c> validation asks for PostgreSQL and Redis, which budget leases do not need (the replication set-up
/// is left out for the same reason).
/// </summary>
public sealed class RegionPairFixture : IAsyncLifetime
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 15, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The budgets keys have in their home (both regions answer from it; only the home is asked).</summary>
    internal TestKeyBudgets KeyBudgets { get; } = new();

    public GatewayFactory Home { get; private set; } = null!;

    public GatewayFactory Away { get; private set; } = null!;

    public Uri HomeUrl { get; private set; } = null!;

    /// <summary>Region <c>b</c>'s settings: a test cuts the link to <c>a</c> by pointing its peer at <see cref="DeadUrl"/>.</summary>
    public RegionOptions AwayRegion { get; private set; } = null!;

    /// <summary>An address on which nothing listens.</summary>
    public string DeadUrl { get; } = $"http://127.0.0.1:{FreePorts.Next()}";

    public async ValueTask InitializeAsync()
    {
        var homeRegion = new RegionOptions { Name = "a", Peers = [new() { Name = "b", ManagementUrl = DeadUrl }] };
        Home = NewGateway(homeRegion);
        HomeUrl = Home.Start();
        AwayRegion = new RegionOptions
        {
            Name = "b",
            Peers = [new() { Name = "a", ManagementUrl = HomeUrl.ToString() }, new() { Name = "c", ManagementUrl = DeadUrl }],
        };
        Away = NewGateway(AwayRegion);
        Away.Start();
        await Task.CompletedTask;
    }

    /// <summary>Restores the link from <c>b</c> to <c>a</c> and lets <c>b</c> ask <c>a</c> again at once.</summary>
    public void Heal()
    {
        AwayRegion.FindPeer("a")!.ManagementUrl = HomeUrl.ToString();
        Clock.Advance(Gateway.Regions.BudgetLeaseClient.QuietPeriod);
    }

    /// <summary>Cuts the link from <c>b</c> to <c>a</c>.</summary>
    public void Cut() => AwayRegion.FindPeer("a")!.ManagementUrl = DeadUrl;

    public static IRateLimiterGrain Limiter(GatewayFactory region, string tenantId, string keyId) =>
        region.Services.GetRequiredService<IGrainFactory>().GetGrain<IRateLimiterGrain>(GrainKeys.RateLimiter(tenantId, "k:" + keyId));

    public async ValueTask DisposeAsync()
    {
        await Away.DisposeAsync();
        await Home.DisposeAsync();
    }

    private GatewayFactory NewGateway(RegionOptions region) => new()
    {
        RealSockets = true,
        ReplaceServices = services =>
        {
            services.AddSingleton(new RouterClock(Clock));
            services.AddSingleton(Options.Create(region));
            services.AddSingleton<ITenantHomeLookup, TenantHomes>();
            services.AddSingleton<Gateway.Regions.IKeyBudgetSource>(KeyBudgets);

            // Replication set-up (rg-core) needs PostgreSQL: these regions share nothing but the lease route.
            foreach (var replication in services.Where(descriptor => descriptor.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>)
                && descriptor.ImplementationFactory?.Method.DeclaringType?.DeclaringType == typeof(SiloHostingExtensions)).ToList())
            {
                services.Remove(replication);
            }
        },
    };
}
