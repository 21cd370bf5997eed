using Orleans.Concurrency;

namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>
/// One tenant: its metadata and status. Keyed by <see cref="GrainKeys.Tenant(string)"/>.
/// Holds no secret of any kind.
/// </summary>
[Alias("XaiRouter.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant. Creating an existing tenant again returns it unchanged.</summary>
    /// <param name="name">The display name (validated by the caller).</param>
    /// <param name="createdAt">The creation time (UTC).</param>
    /// <returns>The tenant as stored.</returns>
    [Alias("CreateAsync")]
    Task<TenantInfo> CreateAsync(string name, DateTimeOffset createdAt);

    /// <summary>Reads the tenant.</summary>
    /// <returns>The tenant, or <see langword="null"/> when it was never created.</returns>
    [Alias("GetAsync")]
    [ReadOnly]
    Task<TenantInfo?> GetAsync();

    /// <summary>Sets the tenant's status.</summary>
    /// <param name="status">The new status.</param>
    /// <returns>The updated tenant, or <see langword="null"/> when it was never created.</returns>
    [Alias("SetStatusAsync")]
    Task<TenantInfo?> SetStatusAsync(TenantStatus status);
}
