namespace XaiRouter.Gateway.Tenants;

/// <summary>Tenant onboarding settings, configuration section <c>Tenants</c>.</summary>
internal sealed class TenantsOptions
{
    public const string SectionName = "Tenants";

    /// <summary>Shortest accepted <see cref="ClaimTokenLifetime"/>.</summary>
    public static readonly TimeSpan MinimumClaimTokenLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Longest accepted <see cref="ClaimTokenLifetime"/>.</summary>
    public static readonly TimeSpan MaximumClaimTokenLifetime = TimeSpan.FromDays(90);

    /// <summary>
    /// <c>Tenants:ClaimTokenLifetime</c>: how long the claim token of a new tenant (or a re-issued one) can be used
    /// to claim its root key. Default 7 days (<c>7.00:00:00</c>), between 1 minute and 90 days.
    /// </summary>
    public TimeSpan ClaimTokenLifetime { get; set; } = TimeSpan.FromDays(7);
}
