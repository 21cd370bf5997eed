using System.Text.Json.Serialization;
using XaiRouter.Gateway.Tenants;

namespace XaiRouter.Gateway.Apis;

/// <summary>A tenant's metadata as the operator API returns it: never a key.</summary>
/// <param name="Id">The tenant id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Status"><c>active</c> or <c>disabled</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Claimed">Whether the tenant has claimed its root key.</param>
/// <param name="ClaimToken">The single-use claim token: only in the answer to the creation or a re-issue, never again.</param>
/// <param name="ClaimExpiresAt">When that claim token stops working.</param>
internal sealed record TenantResponse(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    bool Claimed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClaimToken = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ClaimExpiresAt = null)
{
    public static TenantResponse From(TenantInfo tenant, IssuedClaimToken? claimToken = null) => new(
        tenant.Id,
        tenant.Name,
        tenant.Status == TenantStatus.Active ? "active" : "disabled",
        tenant.CreatedAt,
        tenant.Claimed,
        claimToken?.Token,
        claimToken?.ExpiresAt);
}
