using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// At silo start, when <c>Region:Name</c> is set: prepares the database for its region (claim, back-fill,
/// publication; a failure stops the silo), then subscribes to every peer in the background, retrying every
/// <see cref="RetryDelay"/> while a peer is unreachable or not yet publishing, so a missing peer never blocks the start.
/// Runs after the storage migrations (<see cref="ServiceLifecycleStage.RuntimeInitialize"/>) and before grains run.
/// </summary>
internal sealed partial class RegionReplicationService(
    RegionReplication replication, IOptions<RegionOptions> options, TimeProvider timeProvider, ILogger<RegionReplicationService> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stopping = new();

    private Task _subscribing = Task.CompletedTask;

    /// <summary>Completes when every peer is subscribed (or the silo stops); for tests and diagnostics.</summary>
    public Task Subscribed => _subscribing;

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (options.Value.IsMultiRegion)
        {
            lifecycle.Subscribe(nameof(RegionReplicationService), ServiceLifecycleStage.RuntimeServices, StartAsync, StopAsync);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var prepared = await replication.PrepareAsync(cancellationToken);
            LogPrepared(logger, options.Value.Name!, prepared.Claimed, prepared.BackFilled, prepared.PublicationCreated);
        }
        catch (Exception exception)
        {
            LogPrepareFailed(logger, options.Value.Name!, exception);
            throw;
        }

        _subscribing = Task.Run(() => SubscribeAllAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _subscribing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SubscribeAllAsync(CancellationToken cancellationToken)
    {
        await DropRemovedPeersAsync(cancellationToken);
        var pending = new List<RegionPeerOptions>(options.Value.Peers);
        while (pending.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            foreach (var peer in pending.ToArray())
            {
                if (await TrySubscribeAsync(peer, cancellationToken))
                {
                    pending.Remove(peer);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(RetryDelay, timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<bool> TrySubscribeAsync(RegionPeerOptions peer, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await replication.SubscribeAsync(peer, cancellationToken);
            if (outcome == SubscriptionOutcome.PeerNotPublishing)
            {
                LogPeerNotReady(logger, peer.Name!, "it has no publication yet (its silos have not started as a region)", RetryDelay.TotalSeconds);
                return false;
            }

            LogSubscribed(logger, peer.Name!, RegionNames.Subscription(peer.Name!, options.Value.Name!), outcome);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The message only, never the exception's data: nothing of a connection string may reach the log.
            LogPeerNotReady(logger, peer.Name!, exception.Message, RetryDelay.TotalSeconds);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops replicating from regions taken out of <c>Region:Peers</c> (once per start; a failure is retried at the next).</summary>
    private async Task DropRemovedPeersAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var subscription in await replication.DropRemovedPeersAsync(cancellationToken))
            {
                LogPeerRemoved(logger, subscription);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The message only, never the exception's data: nothing of a connection string may reach the log.
            LogPeerRemovalFailed(logger, exception.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.RegionPeerRemoved, EventName = nameof(EventIds.RegionPeerRemoved), Level = LogLevel.Warning,
        Message = "Subscription {Subscription} dropped: its region is no longer in Region:Peers, its rows are no longer applied here")]
    private static partial void LogPeerRemoved(ILogger logger, string subscription);

    [LoggerMessage(EventId = EventIds.RegionPeerRemovalFailed, EventName = nameof(EventIds.RegionPeerRemovalFailed), Level = LogLevel.Error,
        Message = "Dropping the subscriptions of regions no longer in Region:Peers failed: {Reason}; retried at the next start")]
    private static partial void LogPeerRemovalFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = EventIds.RegionPrepared, EventName = nameof(EventIds.RegionPrepared), Level = LogLevel.Information,
        Message = "This database is region {Region} (claimed now: {Claimed}); {BackFilled} control-plane row(s) back-filled; publication created now: {PublicationCreated}")]
    private static partial void LogPrepared(ILogger logger, string region, bool claimed, int backFilled, bool publicationCreated);

    [LoggerMessage(EventId = EventIds.RegionPrepareFailed, EventName = nameof(EventIds.RegionPrepareFailed), Level = LogLevel.Critical,
        Message = "Preparing the database for region {Region} failed; the silo will not start")]
    private static partial void LogPrepareFailed(ILogger logger, string region, Exception exception);

    [LoggerMessage(EventId = EventIds.RegionSubscribed, EventName = nameof(EventIds.RegionSubscribed), Level = LogLevel.Information,
        Message = "Replicating region {Peer}'s control-plane rows into this region (subscription {Subscription}: {Outcome})")]
    private static partial void LogSubscribed(ILogger logger, string peer, string subscription, SubscriptionOutcome outcome);

    [LoggerMessage(EventId = EventIds.RegionPeerNotReady, EventName = nameof(EventIds.RegionPeerNotReady), Level = LogLevel.Warning,
        Message = "Cannot subscribe to region {Peer} yet: {Reason}; retrying in {Seconds} s")]
    private static partial void LogPeerNotReady(ILogger logger, string peer, string reason, double seconds);
}
