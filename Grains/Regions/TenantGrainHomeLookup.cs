namespace XaiRouter.Grains.Regions;

/// <summary>Asks the tenant grain (<see cref="ITenantGrain.GetHomeRegionAsync"/>), which reads and caches its row's home region.</summary>
internal sealed class TenantGrainHomeLookup(IGrainFactory grains) : ITenantHomeLookup
{
    public Task<string> GetHomeRegionAsync(string tenantId) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).GetHomeRegionAsync();
}
