namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>A tenant's metadata: what an operator may see.</summary>
/// <param name="Id">The public tenant id.</param>
/// <param name="Name">The display name, 1-64 printable characters.</param>
/// <param name="Status">Whether the tenant is active.</param>
/// <param name="CreatedAt">When the tenant was created (UTC).</param>
/// <param name="Claimed">Whether the tenant claimed its root key (tenants created before claim tokens always did).</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.TenantInfo")]
public sealed record TenantInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] TenantStatus Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] bool Claimed = true);
