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

    /// <summary>
    /// Adds a tenant id with its name, so that a tenant can sign in to the console by name
    /// (<see cref="FindByNameAsync"/>); adding it twice has no further effect.
    /// </summary>
    /// <param name="tenantId">The public tenant id.</param>
    /// <param name="name">The tenant's display name (names never change).</param>
    /// <returns>A task that completes when the id and name are stored.</returns>
    [Alias("RegisterNamedAsync")]
    Task RegisterAsync(string tenantId, string name);

    /// <summary>
    /// Removes a tenant id and its name (multi-region: the tenant's row was deleted in its home region and the deletion
    /// replicated here); removing an unknown id has no effect.
    /// </summary>
    /// <param name="tenantId">The public tenant id.</param>
    /// <returns>A task that completes when the id is removed.</returns>
    [Alias("UnregisterAsync")]
    Task UnregisterAsync(string tenantId);

    /// <summary>
    /// The ids of the tenants whose name is <paramref name="name"/>, compared without regard to case. Tenants
    /// registered before names were kept are looked up once, the first time this is asked.
    /// </summary>
    /// <param name="name">A display name.</param>
    /// <returns>The ids; more than one when tenants share the name, none for an unknown one.</returns>
    [Alias("FindByNameAsync")]
    Task<ImmutableArray<string>> FindByNameAsync(string name);

    /// <summary>Every created tenant's metadata, in registration order (an id whose creation was interrupted is left out).</summary>
    /// <returns>The tenants.</returns>
    [Alias("ListTenantsAsync")]
    [ReadOnly]
    Task<ImmutableArray<TenantInfo>> ListTenantsAsync();

    /// <summary>Lists the registered tenant ids in registration order.</summary>
    /// <returns>The ids.</returns>
    [Alias("ListAsync")]
    [ReadOnly]
    Task<ImmutableArray<string>> ListAsync();
}
