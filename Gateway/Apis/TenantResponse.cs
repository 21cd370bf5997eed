namespace XaiRouter.Gateway.Apis;

/// <summary>A tenant's metadata as the operator API returns it.</summary>
internal sealed record TenantResponse(string Id, string Name, string Status, DateTimeOffset CreatedAt)
{
    public static TenantResponse From(TenantInfo tenant) => new(
        tenant.Id,
        tenant.Name,
        tenant.Status == TenantStatus.Active ? "active" : "disabled",
        tenant.CreatedAt);
}
