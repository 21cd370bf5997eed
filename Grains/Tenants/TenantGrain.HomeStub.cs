using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tenants;

/// <summary>
/// STUB for rg-core's home lookup (issue 20 contract: <c>ITenantGrain.GetHomeRegionAsync</c>, read with SQL from the
/// tenant row's <c>home_region</c>, cached per activation, refreshed by <c>ReloadAsync</c>). Replaced by rg-core's
/// implementation when its branch is merged: delete this file then.
/// </summary>
internal sealed partial class TenantGrain
{
    private string? _home;

    /// <inheritdoc/>
    public async Task<string> GetHomeRegionAsync()
    {
        if (!region.Value.IsMultiRegion)
        {
            return "";
        }

        return _home ??= await HomeRegionStub.ReadAsync(database, "tenant", this.GetPrimaryKeyString());
    }
}
