using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Admin.Views;

/// <summary>A tenant's metadata as <c>tenants list</c> and <c>tenants enable|disable</c> show it.</summary>
internal sealed record TenantView(string Id, string Name, TenantStatus Status, bool Claimed, DateTimeOffset CreatedAt)
{
    public static TenantView From(TenantInfo tenant) => new(tenant.Id, tenant.Name, tenant.Status, tenant.Claimed, tenant.CreatedAt);
}
