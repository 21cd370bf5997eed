using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>A tenant's metadata as the operator API returns it.</summary>
/// <param name="Id">The tenant id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Status"><c>active</c> or <c>disabled</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Key">The root access key: only in the answer to the creation, never again.</param>
internal sealed record TenantResponse(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null)
{
    public static TenantResponse From(TenantInfo tenant, string? key = null) => new(
        tenant.Id,
        tenant.Name,
        tenant.Status == TenantStatus.Active ? "active" : "disabled",
        tenant.CreatedAt,
        key);
}
