using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Limits;

/// <summary>
/// Hands the balance of expired leases back to their scopes (and pays token debts), so allowance this gateway no
/// longer uses is available to the others within about two lease durations.
/// </summary>
internal sealed partial class LeaseReturner(LeaseTable leases, IGrainFactory grains, RouterClock clock, IOptions<LimitsOptions> options, ILogger<LeaseReturner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await ReturnExpiredAsync();
        }
    }

    /// <summary>Returns every expired lease's balance now.</summary>
    public async Task ReturnExpiredAsync()
    {
        var now = clock.UtcNow;
        foreach (var (grainKey, lease) in leases.All)
        {
            long requests, tokens;
            RateLimits? limits;
            lock (lease)
            {
                if (now < lease.ExpiresAt || (lease.Requests == 0 && lease.Tokens == 0))
                {
                    continue;
                }

                (requests, tokens) = lease.TakeAll();
                limits = lease.Limits;
            }

            try
            {
                await (lease.Grain ??= grains.GetGrain<IRateLimiterGrain>(grainKey)).ReturnAsync(limits, requests, tokens);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Allowance not handed back is only unused (never over-admitted); a debt not paid is retried.
                lock (lease)
                {
                    lease.Give(0, Math.Min(tokens, 0));
                }

                LogReturnFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = EventIds.LeaseReturnFailed, EventName = nameof(EventIds.LeaseReturnFailed), Level = LogLevel.Warning,
        Message = "Handing an expired rate-limit lease back failed")]
    private static partial void LogReturnFailed(ILogger logger, Exception exception);
}
