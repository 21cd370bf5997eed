namespace XaiRouter.Grains.Abstractions;

/// <summary>
/// Builds grain keys. Every key carries a readable prefix because the ADO.NET grain storage treats string keys
/// that look like hex numbers as integer keys, so <c>"50759e"</c> and <c>"050759E"</c> would share a row.
/// </summary>
public static class GrainKeys
{
    /// <summary>Prefix of <see cref="Tenants.ITenantGrain"/> keys.</summary>
    public const string TenantPrefix = "t:";

    /// <summary>Key of the single <see cref="Tenants.ITenantDirectoryGrain"/>.</summary>
    public const string TenantDirectory = "dir:tenants";

    /// <summary>The key of the tenant grain for <paramref name="tenantId"/>.</summary>
    /// <param name="tenantId">The public tenant id.</param>
    /// <returns><c>t:</c> followed by the tenant id.</returns>
    public static string Tenant(string tenantId) => TenantPrefix + tenantId;
}
