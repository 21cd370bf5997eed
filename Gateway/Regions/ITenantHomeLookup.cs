namespace XaiRouter.Gateway.Regions;

/// <summary>Where a tenant's home region is: the one seam between the write guard and the tenant grain.</summary>
internal interface ITenantHomeLookup
{
    /// <returns>The tenant's home region; empty when it is this region or unknown.</returns>
    Task<string> GetHomeRegionAsync(string tenantId);
}
