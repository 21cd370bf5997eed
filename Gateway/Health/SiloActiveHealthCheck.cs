using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace XaiRouter.Gateway.Health;

/// <summary>Ready only while the co-hosted silo is active in its cluster.</summary>
internal sealed class SiloActiveHealthCheck(ISiloStatusOracle siloStatus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(siloStatus.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo is {siloStatus.CurrentStatus}."));
}
