namespace XaiRouter.Grains.Abstractions.Health;

/// <summary>
/// The cluster's view of one provider key's health, keyed by <see cref="GrainKeys.ProviderHealth(string, string)"/>:
/// outcomes reported by every gateway, merged into one circuit. Passive only: the platform cannot call an
/// upstream with a tenant's key on its own.
/// </summary>
[Alias("XaiRouter.IProviderHealthGrain")]
public interface IProviderHealthGrain : IGrainWithStringKey
{
    /// <summary>Adds a gateway's batch of outcomes.</summary>
    /// <returns>The merged view.</returns>
    [Alias("ReportAsync")]
    Task<ProviderHealth> ReportAsync(ImmutableArray<HealthSample> samples);

    /// <summary>The merged view.</summary>
    [Alias("GetAsync")]
    Task<ProviderHealth> GetAsync();

    /// <summary>Forgets everything (the key was changed: a misconfiguration may be fixed).</summary>
    [Alias("ResetAsync")]
    Task ResetAsync();
}
