using Orleans.Concurrency;

namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>
/// The list of every tenant id, so that operators can enumerate tenants. One grain, keyed by
/// <see cref="GrainKeys.TenantDirectory"/>. Ids are registered before the tenant grain is created, so a
/// crash between the two steps leaves an id whose tenant does not exist yet, never a tenant nobody can list.
/// </summary>
[Alias("XaiRouter.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a tenant id; adding it twice has no further effect.</summary>
    /// <param name="tenantId">The public tenant id.</param>
    /// <returns>A task that completes when the id is stored.</returns>
    [Alias("RegisterAsync")]
    Task RegisterAsync(string tenantId);

    /// <summary>Lists the registered tenant ids in registration order.</summary>
    /// <returns>The ids.</returns>
    [Alias("ListAsync")]
    [ReadOnly]
    Task<ImmutableArray<string>> ListAsync();
}
