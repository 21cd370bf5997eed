using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Grains.Abstractions.Keys;

/// <summary>
/// What a key may do beyond holding slots. A <see langword="null"/> list means "no restriction of its own" (a root
/// key); every request is checked against the key's policy and each ancestor's.
/// </summary>
/// <param name="Pools">Pools the key may use (its slots are the cryptographic side of the same rule).</param>
/// <param name="Models">Model patterns: exact names or prefixes ending in <c>*</c>.</param>
/// <param name="Endpoints">Endpoint names: chat, completions, embeddings, responses, messages, models.</param>
/// <param name="Ips">Client address ranges in CIDR notation.</param>
/// <param name="Limits">Rate limits of this key (enforced with every ancestor's).</param>
/// <param name="Budget">Budget of this key (enforced with every ancestor's).</param>
/// <param name="PriceMultiplier">Factor on the cost of this key's requests (resellers billing sub-accounts); 1 when null.</param>
/// <param name="TenantAdmin">May change tenant-wide state (prices, settings, pools); granted by the root key only, never inherited.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.KeyPolicy")]
public sealed record KeyPolicy(
    [property: Id(0)] ImmutableArray<string>? Pools,
    [property: Id(1)] ImmutableArray<string>? Models,
    [property: Id(2)] ImmutableArray<string>? Endpoints,
    [property: Id(3)] ImmutableArray<string>? Ips,
    [property: Id(4)] RateLimits? Limits,
    [property: Id(5)] BudgetPolicy? Budget,
    [property: Id(6)] decimal? PriceMultiplier = null,
    [property: Id(7)] bool TenantAdmin = false)
{
    /// <summary>No restriction of its own.</summary>
    public static readonly KeyPolicy Unrestricted = new(null, null, null, null, null, null);
}
