using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Admin;

/// <summary>A tenant named on the command line by id or by name.</summary>
internal static class TenantResolver
{
    /// <exception cref="AdminFailure">No tenant has that id or name, or several share the name.</exception>
    public static async Task<TenantInfo> ResolveAsync(IGrainFactory grains, string idOrName)
    {
        if (await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(idOrName)).GetAsync() is { } byId)
        {
            return byId;
        }

        var ids = await grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory).FindByNameAsync(idOrName);
        return ids.Length switch
        {
            0 => throw new AdminFailure($"Unknown tenant '{idOrName}': no tenant has that id or name (xai-admin tenants list)."),
            1 => await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(ids[0])).GetAsync()
                 ?? throw new AdminFailure($"Tenant '{idOrName}' ({ids[0]}) is registered but was never created."),
            _ => throw new AdminFailure($"Several tenants are named '{idOrName}' ({string.Join(", ", ids)}): name one by its id."),
        };
    }

    /// <summary>The tenant's vault index (ids and versions only).</summary>
    public static async Task<TenantVault> VaultAsync(IGrainFactory grains, TenantInfo tenant) =>
        await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).GetVaultAsync()
        ?? throw new AdminFailure($"Tenant '{tenant.Id}' has no vault index.");
}
