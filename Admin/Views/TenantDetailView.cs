using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Admin.Views;

/// <summary><c>tenants show</c>: the tenant's metadata and its vault index in counts and ids (no key material).</summary>
internal sealed record TenantDetailView(
    string Id,
    string Name,
    TenantStatus Status,
    bool Claimed,
    DateTimeOffset CreatedAt,
    string? RootKeyId,
    bool HasPassphrase,
    ImmutableSortedDictionary<string, int> Pools,
    int SubKeys,
    int Sessions,
    int ProviderKeys,
    string RoutingStrategy,
    int ModelAliases,
    int OwnPrices,
    bool AllowUnpricedModels)
{
    public static TenantDetailView From(TenantInfo tenant, TenantVault vault) => new(
        tenant.Id, tenant.Name, tenant.Status, tenant.Claimed, tenant.CreatedAt, vault.RootKeyId, vault.PassphraseKeyId is not null,
        vault.Pools.ToImmutableSortedDictionary(StringComparer.Ordinal), vault.KeyIds.Length, vault.SessionKeyIds.Length, vault.ProviderKeyIds.Length,
        vault.Routing?.Strategy.ToString() ?? "default", vault.ModelAliases.Count, vault.Prices.Count, vault.AllowUnpricedModels);
}
