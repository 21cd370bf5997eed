namespace XaiRouter.Gateway.Regions;

/// <summary>The Gateway's services of the regions' management side (home-region guard, moves, status, usage fan-out).</summary>
internal static class RegionServices
{
    public static IServiceCollection AddRegionManagement(this IServiceCollection services)
    {
        services.AddSingleton<HomeRegionGuard>();
        services.AddSingleton<PeerHealthProbe>();
        services.AddSingleton<TenantHomeMove>();
        services.AddSingleton<RegionUsageFanOut>();
        services.AddSingleton<IKeyBudgetSource, GrainKeyBudgetSource>();
        return services;
    }
}
