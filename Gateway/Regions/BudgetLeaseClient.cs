using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// The non-home side of budget leases: sends a scope's <see cref="BudgetLeaseAsk"/> to the tenant's home region
/// (<see cref="BudgetLeaseApi"/> there) and hands the answer to the local limiter grain. Outside any grain turn, so a
/// slow or cut link never blocks the key's other requests in the grain. One exchange per scope at a time (callers
/// finding one in flight wait for it); after a failure the home is not asked again for <see cref="QuietPeriod"/>,
/// so that during a partition a budgeted request is refused at once instead of after the peer timeout (and the
/// failure is logged once per period, not once per request).
/// </summary>
internal sealed partial class BudgetLeaseClient(PeerRegionClient peers, IOptions<RegionOptions> region, RouterClock clock, ILogger<BudgetLeaseClient> logger)
{
    /// <summary>The home's route.</summary>
    public const string Path = "/admin/regions/budget-lease";

    /// <summary>How long a home that failed to answer is left alone.</summary>
    public static readonly TimeSpan QuietPeriod = PeerRegionClient.Timeout;

    private readonly ConcurrentDictionary<string, Task<bool>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _quietUntil = new(StringComparer.Ordinal);

    /// <summary>Asks the home for a lease and applies it to <paramref name="grain"/>.</summary>
    /// <returns>Whether a grant was applied (by this call or by the exchange it waited for).</returns>
    public Task<bool> RenewAsync(IRateLimiterGrain grain, BudgetLeaseAsk ask)
    {
        if (_inFlight.TryGetValue(ask.Scope, out var running))
        {
            return running;
        }

        var exchange = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inFlight.TryAdd(ask.Scope, exchange.Task))
        {
            return _inFlight.TryGetValue(ask.Scope, out running) ? running : Task.FromResult(false);
        }

        _ = RunAsync(grain, ask, exchange);
        return exchange.Task;
    }

    private async Task RunAsync(IRateLimiterGrain grain, BudgetLeaseAsk ask, TaskCompletionSource<bool> exchange)
    {
        var applied = false;
        try
        {
            applied = await ExchangeAsync(grain, ask);
        }
        catch (Exception exception)
        {
            LogApplyFailed(logger, exception);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<bool>>(ask.Scope, exchange.Task));
            exchange.SetResult(applied);
        }
    }

    private async Task<bool> ExchangeAsync(IRateLimiterGrain grain, BudgetLeaseAsk ask)
    {
        if (_quietUntil.TryGetValue(ask.HomeRegion, out var until) && clock.UtcNow < until)
        {
            return false;
        }

        if (region.Value.FindPeer(ask.HomeRegion) is not { ManagementUrl: not null } peer)
        {
            _quietUntil[ask.HomeRegion] = clock.UtcNow + QuietPeriod;
            LogUnknownHome(logger, ask.HomeRegion);
            return false;
        }

        BudgetLeaseGrant? grant;
        try
        {
            using var content = JsonContent.Create(ask, BudgetLeaseJsonContext.Default.BudgetLeaseAsk);
            using var response = await peers.SendAsync(peer, HttpMethod.Post, Path, content, CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                _quietUntil[ask.HomeRegion] = clock.UtcNow + QuietPeriod;
                LogRefused(logger, ask.HomeRegion, (int)response.StatusCode);
                return false;
            }

            grant = await response.Content.ReadFromJsonAsync(BudgetLeaseJsonContext.Default.BudgetLeaseGrant);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            _quietUntil[ask.HomeRegion] = clock.UtcNow + QuietPeriod;
            LogUnreachable(logger, ask.HomeRegion, exception.GetType().Name);
            return false;
        }

        if (grant is null)
        {
            return false;
        }

        await grain.ApplyBudgetLeaseAsync(grant);
        return true;
    }

    [LoggerMessage(EventId = EventIds.BudgetLeaseUnreachable, EventName = nameof(EventIds.BudgetLeaseUnreachable), Level = LogLevel.Warning,
        Message = "The home region {Region} did not answer a budget lease ask ({Error}); its budgeted requests here are limited to the lease held")]
    private static partial void LogUnreachable(ILogger logger, string region, string error);

    [LoggerMessage(EventId = EventIds.BudgetLeaseRefused, EventName = nameof(EventIds.BudgetLeaseRefused), Level = LogLevel.Warning,
        Message = "The home region {Region} refused a budget lease ask with {Status}")]
    private static partial void LogRefused(ILogger logger, string region, int status);

    [LoggerMessage(EventId = EventIds.BudgetLeaseUnknownHome, EventName = nameof(EventIds.BudgetLeaseUnknownHome), Level = LogLevel.Warning,
        Message = "A tenant's home region {Region} is not among Region:Peers: its budgeted requests are refused here")]
    private static partial void LogUnknownHome(ILogger logger, string region);

    [LoggerMessage(EventId = EventIds.BudgetLeaseApplyFailed, EventName = nameof(EventIds.BudgetLeaseApplyFailed), Level = LogLevel.Warning,
        Message = "Applying a budget lease failed")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception);
}
