namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>Whether a tenant may use the router.</summary>
[GenerateSerializer]
[Alias("XaiRouter.TenantStatus")]
public enum TenantStatus
{
    /// <summary>The tenant's keys work.</summary>
    Active = 0,

    /// <summary>An operator disabled the tenant: every request of its keys is refused.</summary>
    Disabled = 1,
}
