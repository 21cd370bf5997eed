using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Grains.Abstractions.ProviderKeys;

/// <summary>
/// A provider key's metadata for the operator tooling: the <see cref="ProviderKeyRecord"/> without its ciphertext or
/// fingerprint (the operator never sees a character of a tenant's provider key).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.ProviderKeyInfo")]
public sealed record ProviderKeyInfo(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Id,
    [property: Id(2)] string Name,
    [property: Id(3)] ProviderKind Provider,
    [property: Id(4)] string BaseUrl,
    [property: Id(5)] ImmutableArray<string> Models,
    [property: Id(6)] string Pool,
    [property: Id(7)] int PoolVersion,
    [property: Id(8)] int Weight,
    [property: Id(9)] int Priority,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] RateLimits? Limits)
{
    /// <summary>The metadata of <paramref name="record"/>.</summary>
    public static ProviderKeyInfo From(ProviderKeyRecord record) => new(
        record.TenantId, record.Id, record.Name, record.Provider, WithoutQuery(record.BaseUrl), record.Models, record.Pool, record.PoolVersion,
        record.Weight, record.Priority, record.CreatedAt, record.Limits);

    /// <summary>
    /// The base URL without its query: a tenant may put a credential there (<c>?key=</c>, <c>?code=</c>), and the
    /// operator tooling never shows a character of a tenant's credentials (spans keep the host alone, for the same reason).
    /// </summary>
    private static string WithoutQuery(string baseUrl)
    {
        var query = baseUrl.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? baseUrl : baseUrl[..query];
    }
}
