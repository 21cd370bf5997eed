using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// How another region's change reaches this region's activations (multi-region only): the subscription applies the
/// row, the replica trigger of migration 0008 notifies <c>xai_replicated</c> on this region's own database, and this
/// service reloads the grain holding the row (<c>ReloadAsync</c>). A tenant row also updates this region's tenant
/// directory, which lists replicated tenants too. After every (re)connect the directory is read against the tenant
/// rows, since notifications sent while nobody listened are gone; the grains' staleness bound
/// (<c>Region:MaxStaleSeconds</c>) covers the reloads missed meanwhile.
/// After an access key's or a tenant's reload the process's <see cref="IPeerChangeObserver"/>s forget their copy too:
/// one read while the revocation feed's fence was up holds the refusal, which would outlive the fence by up to the
/// copy's lifetime (a change that revokes nothing, a slot rewrap or a policy edit, refused a busy key that long).
/// </summary>
internal sealed partial class ReplicatedChangeListener(IOptions<RegionOptions> region, StorageDatabase database, IGrainFactory grains,
    PeerChangeObservers observers, ILogger<ReplicatedChangeListener> logger) : BackgroundService
{
    public const string Channel = "xai_replicated";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!region.Value.IsMultiRegion || database.Dialect.Provider != StorageProvider.Postgres)
        {
            return Task.CompletedTask;
        }

        var loop = new PostgresNotificationLoop("this region's database", database.ConnectionString, Channel, logger);
        return loop.RunAsync((_, cancellation) => SyncDirectoryAsync(cancellation), (payload, _) => ApplyAsync(payload), stoppingToken);
    }

    /// <summary>Reloads the grain a replicated row belongs to; <c>'&lt;state&gt; &lt;key&gt;'</c>.</summary>
    internal async Task ApplyAsync(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        // A blank key names no grain (Orleans throws ArgumentException, which would end the listener): invalid too.
        var (state, key) = space > 0 && !string.IsNullOrWhiteSpace(payload[(space + 1)..]) ? (payload[..space], payload[(space + 1)..]) : ("", "");
        try
        {
            switch (state)
            {
                case ControlPlaneRows.AccessKey:
                    await grains.GetGrain<IAccessKeyGrain>(key).ReloadAsync();
                    observers.Changed(state, key);
                    break;
                case ControlPlaneRows.ProviderKey:
                    await grains.GetGrain<IProviderKeyGrain>(key).ReloadAsync();
                    break;
                case ControlPlaneRows.Tenant when key.StartsWith(GrainKeys.TenantPrefix, StringComparison.Ordinal):
                    var tenant = grains.GetGrain<ITenantGrain>(key);
                    await tenant.ReloadAsync();
                    observers.Changed(state, key);
                    await ListAsync(key[GrainKeys.TenantPrefix.Length..], await tenant.GetAsync());
                    break;
                default:
                    LogInvalid(logger, Channel);
                    break;
            }
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException or InvalidOperationException)
        {
            // The grain keeps its copy until the staleness bound reads it again.
            LogReloadFailed(logger, state, key, exception.GetType().Name);
        }
    }

    /// <summary>Lists every tenant row of this database in the directory (and forgets none: a listed id without a row is left out of listings anyway).</summary>
    private async Task SyncDirectoryAsync(CancellationToken cancellation)
    {
        var keys = new List<string>();
        await using (var connection = await database.OpenConnectionAsync(cancellation))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key_string FROM xai_grain_state WHERE state_name = 'tenant' AND payload IS NOT NULL";
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                keys.Add(reader.GetString(0));
            }
        }

        foreach (var key in keys.Where(static key => key.StartsWith(GrainKeys.TenantPrefix, StringComparison.Ordinal)))
        {
            await ListAsync(key[GrainKeys.TenantPrefix.Length..], await grains.GetGrain<ITenantGrain>(key).GetAsync());
        }
    }

    private Task ListAsync(string tenantId, TenantInfo? info)
    {
        var directory = grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory);
        return info is null ? directory.UnregisterAsync(tenantId) : directory.RegisterAsync(tenantId, info.Name);
    }

    [LoggerMessage(EventId = EventIds.ReplicatedReloadFailed, EventName = nameof(EventIds.ReplicatedReloadFailed), Level = LogLevel.Warning,
        Message = "Reloading the replicated {State} {Key} failed ({ErrorType}); the staleness bound reads it again")]
    private static partial void LogReloadFailed(ILogger logger, string state, string key, string errorType);

    [LoggerMessage(EventId = EventIds.ReplicatedNotificationInvalid, EventName = nameof(EventIds.ReplicatedNotificationInvalid), Level = LogLevel.Warning,
        Message = "A notification on {Channel} names no grain this region reloads; ignored")]
    private static partial void LogInvalid(ILogger logger, string channel);
}
