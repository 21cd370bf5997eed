using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The route stage, for now: the provider keys a caller can open (a slot for the key's pool at its version, and a
/// pool its policies allow), and
/// among those serving the model, the first by priority (lower first), then weight (higher first).
/// Health, quotas and strategies come with the routing issue.
/// </summary>
internal sealed class ProviderKeySelector(IGrainFactory grains)
{
    public async Task<IReadOnlyList<ProviderKeyRecord>> UsableKeysAsync(UnlockedKey caller, TenantVault vault)
    {
        var reads = new Task<ProviderKeyRecord?>[vault.ProviderKeyIds.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(caller.TenantId, vault.ProviderKeyIds[i])).GetAsync();
        }

        var usable = new List<ProviderKeyRecord>(reads.Length);
        foreach (var record in await Task.WhenAll(reads))
        {
            if (record is not null && caller.Record.FindSlot(record.Pool, record.PoolVersion) is not null && KeyPolicyChecks.AllowsPool(caller, record.Pool))
            {
                usable.Add(record);
            }
        }

        return usable;
    }

    public static ProviderKeyRecord? Choose(IReadOnlyList<ProviderKeyRecord> keys, string model)
    {
        ProviderKeyRecord? best = null;
        foreach (var key in keys)
        {
            if (key.Models.Contains(model, StringComparer.Ordinal)
                && (best is null || key.Priority < best.Priority || (key.Priority == best.Priority && key.Weight > best.Weight)))
            {
                best = key;
            }
        }

        return best;
    }
}
