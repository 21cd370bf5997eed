using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The route stage, for now: the provider keys a caller can open (a slot for the key's pool at its version, and a
/// pool its policies allow), and
/// among those serving the model, candidates by priority (lower first), then weight (higher first); the pipeline
/// takes the first whose own limits admit the request. Health and strategies come with the routing issue.
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

    /// <summary>The keys serving <paramref name="model"/>, in the order to try them.</summary>
    public static List<ProviderKeyRecord> Candidates(IReadOnlyList<ProviderKeyRecord> keys, string model) =>
        [.. keys.Where(k => k.Models.Contains(model, StringComparer.Ordinal)).OrderBy(k => k.Priority).ThenByDescending(k => k.Weight)];
}
