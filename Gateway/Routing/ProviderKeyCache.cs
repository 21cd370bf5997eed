using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// The tenants' provider key records (ciphertext and metadata only), kept in the gateway so that routing needs
/// no grain call. Every change of a provider key moves the tenant's <see cref="TenantVault.ProviderKeysEpoch"/>,
/// which the request has just read with the tenant's vault, so a stale copy is never used.
/// </summary>
internal sealed class ProviderKeyCache(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);

    /// <summary>Tenant ids and their records, for the liveness prober.</summary>
    public IEnumerable<ProviderKeyRecord> All => _tenants.Values.SelectMany(e => e.Records);

    public async ValueTask<ImmutableArray<ProviderKeyRecord>> GetAsync(TenantVault vault)
    {
        if (_tenants.TryGetValue(vault.TenantId, out var cached) && cached.Epoch == vault.ProviderKeysEpoch && cached.Ids == vault.ProviderKeyIds.Length)
        {
            return cached.Records;
        }

        var reads = vault.ProviderKeyIds.Select(id => grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(vault.TenantId, id)).GetAsync());
        var records = (await Task.WhenAll(reads)).OfType<ProviderKeyRecord>().ToImmutableArray();
        _tenants[vault.TenantId] = new Entry(vault.ProviderKeysEpoch, vault.ProviderKeyIds.Length, records);
        return records;
    }

    private sealed record Entry(long Epoch, int Ids, ImmutableArray<ProviderKeyRecord> Records);
}
