namespace XaiRouter.Grains.Tenants;

/// <summary>What the tenant directory stores: tenant ids in registration order, and their names. Plain JSON.</summary>
internal sealed class TenantDirectoryState
{
    public List<string> TenantIds { get; set; } = [];

    /// <summary>Each tenant's display name by id, for sign-in by name.</summary>
    public Dictionary<string, string> Names { get; set; } = [];

    /// <summary>Whether every id of <see cref="TenantIds"/> has its name in <see cref="Names"/> (tenants made before names were kept get theirs once).</summary>
    public bool NamesComplete { get; set; }
}
