using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Health;
using XaiRouter.Grains.Abstractions.ProviderKeys;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Admin;

/// <summary>A tenant's provider keys' metadata with their health, read from their grains (ordered by priority, then name).</summary>
internal static class ProviderKeyReader
{
    public static async Task<List<ProviderKeyView>> ReadAsync(IGrainFactory grains, TenantVault vault)
    {
        var reads = vault.ProviderKeyIds.Select(async id =>
        {
            var info = await grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(vault.TenantId, id)).GetInfoAsync();
            if (info is null)
            {
                return null;
            }

            var health = await grains.GetGrain<IProviderHealthGrain>(GrainKeys.ProviderHealth(vault.TenantId, id)).GetAsync();
            return ProviderKeyView.From(info, HealthView.From(health));
        });
        return [.. (await Task.WhenAll(reads)).OfType<ProviderKeyView>()
            .OrderBy(static k => k.Priority).ThenBy(static k => k.Name, StringComparer.Ordinal).ThenBy(static k => k.Id, StringComparer.Ordinal)];
    }
}
