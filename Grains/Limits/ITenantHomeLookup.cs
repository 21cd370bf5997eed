namespace XaiRouter.Grains.Limits;

/// <summary>Finds a tenant's home region for the limiter grains (a seam: tests place a tenant in another region).</summary>
internal interface ITenantHomeLookup
{
    /// <summary>The tenant's home region; empty when single-region or unknown (both mean this region).</summary>
    Task<string> GetHomeRegionAsync(string tenantId);
}
