namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>
/// A write to a tenant's control-plane data (tenant, access key, provider key) reached a region that is not the
/// tenant's home. Only the home region writes them (the others hold a replicated copy); nothing was changed. The
/// Gateway refuses such management writes earlier (421, naming the home), so this is a last line of defence.
/// </summary>
[GenerateSerializer]
[Alias("XaiRouter.NotHomeRegionException")]
public sealed class NotHomeRegionException : Exception
{
    /// <summary>Creates the exception for <paramref name="tenantId"/>, homed in <paramref name="homeRegion"/>.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="homeRegion">The tenant's home region.</param>
    public NotHomeRegionException(string tenantId, string homeRegion)
        : base($"Tenant {tenantId} is homed in region '{homeRegion}': its control-plane data is written there, not in this region.")
    {
        TenantId = tenantId;
        HomeRegion = homeRegion;
    }

    /// <summary>The tenant.</summary>
    [Id(0)]
    public string TenantId { get; }

    /// <summary>The tenant's home region, where the write belongs.</summary>
    [Id(1)]
    public string HomeRegion { get; }
}
