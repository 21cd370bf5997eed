using Microsoft.Extensions.Diagnostics.HealthChecks;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Gateway.Health;

/// <summary>Ready only while the grain storage database answers a trivial query.</summary>
internal sealed class StorageHealthCheck(StorageDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception is not attached: a connection error may quote the connection string.
            return HealthCheckResult.Unhealthy($"The grain storage database does not answer ({exception.GetType().Name}).");
        }
    }
}
