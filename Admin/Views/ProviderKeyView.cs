using XaiRouter.Grains.Abstractions.Limits;
using XaiRouter.Grains.Abstractions.ProviderKeys;

namespace XaiRouter.Admin.Views;

/// <summary>A provider key of <c>provider-keys list</c>: metadata and health, never the key, its ciphertext or its fingerprint.</summary>
internal sealed record ProviderKeyView(
    string Id,
    string Name,
    ProviderKind Provider,
    string BaseUrl,
    ImmutableArray<string> Models,
    string Pool,
    int PoolVersion,
    int Priority,
    int Weight,
    DateTimeOffset CreatedAt,
    RateLimits? Limits,
    HealthView Health)
{
    public static ProviderKeyView From(ProviderKeyInfo key, HealthView health) => new(key.Id, key.Name, key.Provider, key.BaseUrl, key.Models,
        key.Pool, key.PoolVersion, key.Priority, key.Weight, key.CreatedAt, key.Limits, health);
}
