using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>
/// A real in-process Gateway configured as region <see cref="Self"/> of two (PostgreSQL storage and Redis membership,
/// as a region requires), whose peer <see cref="Peer"/> has its Gateways at the given URL; tenants' homes come from
/// <see cref="TestTenantHomes"/> (<see cref="Homes"/>).
/// </summary>
internal static class RegionGatewayFactory
{
    public const string Self = "region-a";
    public const string Peer = "region-b";

    public static async Task<GatewayFactory> CreateAsync(string peerUrl, bool realSockets = false) => new GatewayFactory
    {
        RealSockets = realSockets,
        Settings = new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = await TestServers.NewPostgresDatabaseAsync(),
            ["Cluster:Provider"] = "redis",
            ["Cluster:Redis"] = TestServers.NewRedisDatabase(),
            ["Cluster:UnsafeAllowPlaintextTransport"] = "true",
            ["Region:Name"] = Self,
            ["Region:Peers:0:Name"] = Peer,
            ["Region:Peers:0:ManagementUrl"] = peerUrl,
            ["Region:Peers:0:Postgres"] = TestServers.PostgresB,
        },
        ReplaceServices = UseTestHomes,
    };

    /// <summary>Replaces the home lookup with a <see cref="TestTenantHomes"/>.</summary>
    public static void UseTestHomes(IServiceCollection services)
    {
        services.RemoveAll<ITenantHomeLookup>();
        services.AddSingleton<ITenantHomeLookup>(provider => new TestTenantHomes(provider.GetRequiredService<IGrainFactory>()));
    }

    public static TestTenantHomes Homes(this GatewayFactory factory) => (TestTenantHomes)factory.Services.GetRequiredService<ITenantHomeLookup>();
}
