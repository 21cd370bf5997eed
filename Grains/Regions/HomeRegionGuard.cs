using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// Checked by the access key and provider key grains before they write: a tenant's control-plane rows are written
/// in its home region only (elsewhere the database's trigger would refuse the write anyway, less clearly).
/// </summary>
internal static class HomeRegionGuard
{
    /// <exception cref="NotHomeRegionException">The tenant is homed in another region.</exception>
    public static async Task EnsureHomeAsync(IGrainFactory grains, RegionOptions regions, string tenantId)
    {
        if (!regions.IsMultiRegion)
        {
            return;
        }

        var home = await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).GetHomeRegionAsync();
        if (!regions.IsHome(home))
        {
            throw new NotHomeRegionException(tenantId, home);
        }
    }
}
