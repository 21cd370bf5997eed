namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>A provider key as the management API shows it: metadata, fingerprint and health, never the key.</summary>
internal sealed record ProviderKeyResponse(
    string Id,
    string Name,
    string Provider,
    string BaseUrl,
    ImmutableArray<string> Models,
    string Pool,
    int Weight,
    int Priority,
    string Fingerprint,
    string Status,
    DateTimeOffset CreatedAt,
    RateLimits? Limits,
    XaiRouter.Grains.Abstractions.Health.ProviderHealth Health,
    string? Organization,
    string? Project,
    string? ApiVersion,
    ImmutableDictionary<string, string>? Deployments)
{
    public static ProviderKeyResponse From(ProviderKeyRecord record, XaiRouter.Grains.Abstractions.Health.ProviderHealth health) => new(
        record.Id,
        record.Name,
        ProviderNames.ToName(record.Provider),
        record.BaseUrl,
        record.Models,
        record.Pool,
        record.Weight,
        record.Priority,
        record.Fingerprint,
        "active",
        record.CreatedAt,
        record.Limits,
        health,
        record.Organization,
        record.Project,
        record.ApiVersion,
        record.Deployments);
}
