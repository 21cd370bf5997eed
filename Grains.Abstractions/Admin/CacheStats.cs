namespace XaiRouter.Grains.Abstractions.Admin;

/// <summary>A Gateway's caches of grain records: sizes and counters, no content.</summary>
/// <param name="AccessKeys">Access-key records held (known ids).</param>
/// <param name="UnknownKeyIds">Key ids remembered as having no record.</param>
/// <param name="Vaults">Tenant vault indexes held.</param>
/// <param name="KeyLookups">Access-key lookups since the node started.</param>
/// <param name="KeyGrainReads">Of those, lookups that read the grain (the rest were cache hits).</param>
/// <param name="Generation">How many times the record cache was emptied by a management write through this node.</param>
/// <param name="ProviderKeyTenants">Tenants whose provider key records are held.</param>
/// <param name="ProviderKeys">Provider key records held (ciphertext and metadata).</param>
/// <param name="ProviderKeyReads">Reads of a tenant's provider key grains (one per tenant and epoch).</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.CacheStats")]
public sealed record CacheStats(
    [property: Id(0)] long AccessKeys,
    [property: Id(1)] long UnknownKeyIds,
    [property: Id(2)] long Vaults,
    [property: Id(3)] long KeyLookups,
    [property: Id(4)] long KeyGrainReads,
    [property: Id(5)] long Generation,
    [property: Id(6)] long ProviderKeyTenants,
    [property: Id(7)] long ProviderKeys,
    [property: Id(8)] long ProviderKeyReads)
{
    /// <summary>Share of access-key lookups answered without a grain read (0 to 1); null before the first lookup.</summary>
    public double? KeyHitRatio => KeyLookups == 0 ? null : (double)(KeyLookups - KeyGrainReads) / KeyLookups;
}
