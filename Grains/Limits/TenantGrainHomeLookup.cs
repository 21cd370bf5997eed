namespace XaiRouter.Grains.Limits;

/// <summary>The home region as the tenant grain reads it from the tenant's row.</summary>
internal sealed class TenantGrainHomeLookup(IGrainFactory grains) : ITenantHomeLookup
{
    public Task<string> GetHomeRegionAsync(string tenantId) => grains.GetGrain<ITenantGrain>(tenantId).GetHomeRegionAsync();
}
