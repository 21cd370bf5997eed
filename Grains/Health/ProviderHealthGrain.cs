using XaiRouter.Grains.Abstractions.Health;

namespace XaiRouter.Grains.Health;

/// <inheritdoc cref="IProviderHealthGrain"/>
/// <remarks>In memory only: health is recent by nature, and a new activation starts from "healthy".</remarks>
internal sealed class ProviderHealthGrain(RouterClock clock) : Grain, IProviderHealthGrain
{
    private ProviderKeyHealth _health = new();

    /// <inheritdoc/>
    public Task<ProviderHealth> ReportAsync(ImmutableArray<HealthSample> samples)
    {
        foreach (var sample in samples)
        {
            _ = _health.Record(sample);
        }

        return GetAsync();
    }

    /// <inheritdoc/>
    public Task<ProviderHealth> GetAsync() => Task.FromResult(_health.Snapshot(clock.UtcNow));

    /// <inheritdoc/>
    public Task ResetAsync()
    {
        _health = new ProviderKeyHealth();
        return Task.CompletedTask;
    }
}
