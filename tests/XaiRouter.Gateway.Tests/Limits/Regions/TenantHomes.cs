using XaiRouter.Grains.Limits;

namespace XaiRouter.Gateway.Limits.Regions.Tests;

/// <summary>
/// Places tenants in regions by the start of their id (<c>home-a-...</c> is homed in region <c>a</c>); any other
/// tenant is homed here. Stands in for the replicated tenant rows, which these tests do not have.
/// </summary>
internal sealed class TenantHomes : ITenantHomeLookup
{
    public Task<string> GetHomeRegionAsync(string tenantId) =>
        Task.FromResult(tenantId.StartsWith("home-", StringComparison.Ordinal) ? tenantId.Split('-')[1] : "");

    /// <summary>A new tenant id homed in <paramref name="region"/>.</summary>
    public static string In(string region) => $"home-{region}-{Guid.NewGuid():N}";
}
