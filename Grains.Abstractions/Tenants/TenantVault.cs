namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>A tenant's vault index: which keys, pools and provider keys it has. Ids and versions only.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Status">Whether the tenant is active.</param>
/// <param name="RootKeyId">The current root access key; <see langword="null"/> until the tenant is claimed (it has no key yet).</param>
/// <param name="PassphraseKeyId">The passphrase credential, if a passphrase was set.</param>
/// <param name="Pools">Each pool's current key version.</param>
/// <param name="ProviderKeyIds">The tenant's provider keys.</param>
/// <param name="KeyIds">The tenant's sub-account keys (every key but the root key and passphrase credentials).</param>
/// <param name="Prices">The tenant's own prices, over the built-in table.</param>
/// <param name="ModelAliases">Model aliases: exact names, or patterns ending in <c>*</c>, to the model they stand for.</param>
/// <param name="Routing">Routing strategy and fallbacks (null: the default).</param>
/// <param name="ProviderKeysEpoch">Moves whenever a provider key is added, changed or removed, so gateways know when their cached records are stale.</param>
/// <param name="AllowUnpricedModels">Whether keys with a budget (their own or an ancestor's) may use models without a price, at no cost.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.TenantVault")]
public sealed record TenantVault(
    [property: Id(0)] string TenantId,
    [property: Id(1)] TenantStatus Status,
    [property: Id(2)] string? RootKeyId,
    [property: Id(3)] string? PassphraseKeyId,
    [property: Id(4)] ImmutableDictionary<string, int> Pools,
    [property: Id(5)] ImmutableArray<string> ProviderKeyIds,
    [property: Id(6)] ImmutableDictionary<string, string> ModelAliases,
    [property: Id(7)] ImmutableArray<string> KeyIds,
    [property: Id(8)] ImmutableDictionary<string, Usage.ModelPriceRecord> Prices,
    [property: Id(9)] RoutingSettings? Routing = null,
    [property: Id(10)] long ProviderKeysEpoch = 0,
    [property: Id(16)] bool AllowUnpricedModels = false)
{
    /// <summary>The tenant's unexpired console sessions (keys made by <c>POST /x/session</c>), apart from <see cref="KeyIds"/>.</summary>
    [Id(30)]
    public ImmutableArray<string> SessionKeyIds { get; init; } = [];
}
