using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// The revocation feed (multi-region only): one LISTEN connection per peer region's PostgreSQL
/// (<c>Region:Peers:N:Postgres</c>) on <c>xai_key_changed</c>, which migration 0008 notifies for every local change of an
/// access key and every change of a tenant's status there. Each message fences this region's grain
/// (<c>FenceAsync</c>): it refuses until its replicated copy has reached the peer's version, however far replication
/// lags. After a reconnect, the rows the peer changed since shortly before the connection was lost are fenced too,
/// since the notifications sent meanwhile are gone. A peer whose feed is down is not fenced wholesale: its tenants keep
/// being served from this region's copy (the partition rule), bounded by the replication and staleness bound.
/// After each fence the process's <see cref="IPeerChangeObserver"/>s (a Gateway's record cache) forget their copy.
/// </summary>
internal sealed partial class RevocationFeedListener(
    IOptions<RegionOptions> region, IGrainFactory grains, PeerChangeObservers observers, ILogger<RevocationFeedListener> logger)
    : BackgroundService
{
    public const string Channel = "xai_key_changed";

    /// <summary>Margin for clock skew between regions and commits in flight when the catch-up reads the peer's rows.</summary>
    private static readonly TimeSpan CatchUpMargin = TimeSpan.FromSeconds(60);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!region.Value.IsMultiRegion)
        {
            return Task.CompletedTask;
        }

        var feeds = region.Value.Peers.Where(static peer => !string.IsNullOrEmpty(peer.Postgres)).Select(peer =>
        {
            var loop = new PostgresNotificationLoop("region " + peer.Name, peer.Postgres!, Channel, logger);
            return loop.RunAsync((lastGood, cancellation) => CatchUpAsync(peer, lastGood, cancellation), (payload, _) => FenceAsync(peer.Name!, payload), stoppingToken);
        });
        return Task.WhenAll(feeds);
    }

    /// <summary>Fences the grain a feed message names; <c>'&lt;state&gt; &lt;key&gt; &lt;version&gt;'</c>.</summary>
    internal async Task FenceAsync(string peer, string payload)
    {
        var parts = payload.Split(' ');
        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            LogInvalid(logger, peer);
            return;
        }

        await FenceAsync(peer, parts[0], parts[1], version);
    }

    private async Task FenceAsync(string peer, string state, string key, long version)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            // No grain has such a key (Orleans throws ArgumentException), and the exception would end this peer's feed.
            LogInvalid(logger, peer);
            return;
        }

        try
        {
            var fenced = state switch
            {
                ControlPlaneRows.AccessKey => await grains.GetGrain<IAccessKeyGrain>(key).FenceAsync(version),
                ControlPlaneRows.Tenant => await grains.GetGrain<ITenantGrain>(key).FenceAsync(version),
                _ => (bool?)null,
            };
            if (fenced is { } stillFenced)
            {
                LogFenced(logger, state, key, peer, version, stillFenced);
            }
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException or InvalidOperationException)
        {
            LogFenceFailed(logger, state, key, peer, exception.GetType().Name);
        }

        // After the fence (or its failure): a copy forgotten earlier could be read again from the grain before it refuses.
        observers.Changed(state, key);
    }

    /// <summary>After a reconnect, fences every access-key and tenant row the peer changed since shortly before the feed was lost.</summary>
    private async Task CatchUpAsync(RegionPeerOptions peer, DateTimeOffset? lastGood, CancellationToken cancellation)
    {
        if (lastGood is not { } since)
        {
            return;
        }

        var rows = new List<(string State, string Key, long Version)>();
        await using (var connection = new NpgsqlConnection(peer.Postgres))
        {
            await connection.OpenAsync(cancellation);
            await using var command = new NpgsqlCommand(
                "SELECT state_name, key_string, version FROM xai_grain_state WHERE state_name IN ('accessKey', 'tenant') AND modified_at >= @since", connection);
            command.Parameters.AddWithValue("since", since - CatchUpMargin);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        foreach (var (state, key, version) in rows)
        {
            await FenceAsync(peer.Name!, state, key, version);
        }

        LogCaughtUp(logger, peer.Name!, rows.Count);
    }

    [LoggerMessage(EventId = EventIds.RevocationFenced, EventName = nameof(EventIds.RevocationFenced), Level = LogLevel.Information,
        Message = "Region {Peer} changed {State} {Key} (version {Version}); fenced here until replicated: {StillFenced}")]
    private static partial void LogFenced(ILogger logger, string state, string key, string peer, long version, bool stillFenced);

    [LoggerMessage(EventId = EventIds.RevocationFenceFailed, EventName = nameof(EventIds.RevocationFenceFailed), Level = LogLevel.Error,
        Message = "Fencing {State} {Key} after a change in region {Peer} failed ({ErrorType})")]
    private static partial void LogFenceFailed(ILogger logger, string state, string key, string peer, string errorType);

    [LoggerMessage(EventId = EventIds.RevocationCaughtUp, EventName = nameof(EventIds.RevocationCaughtUp), Level = LogLevel.Information,
        Message = "Revocation feed of region {Peer} reconnected: {Rows} rows changed meanwhile fenced")]
    private static partial void LogCaughtUp(ILogger logger, string peer, int rows);

    [LoggerMessage(EventId = EventIds.ReplicatedNotificationInvalid, EventName = nameof(EventIds.ReplicatedNotificationInvalid), Level = LogLevel.Warning,
        Message = "A revocation feed message from region {Peer} could not be read; ignored")]
    private static partial void LogInvalid(ILogger logger, string peer);
}
