namespace XaiRouter.Grains.Tenants;

/// <summary>What the tenant directory stores: tenant ids in registration order. Plain JSON.</summary>
internal sealed class TenantDirectoryState
{
    public List<string> TenantIds { get; set; } = [];
}
