using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Limits;

/// <summary>
/// The admit stage for one scope. A request without a hold (concurrency slot, budget reservation) is admitted from
/// this gateway's lease when it covers it; otherwise one grain call hands the lease's balance back, takes what the
/// request needs plus a new lease, or refuses. Everything leased is already counted as used by the grain, so leases
/// never let the cluster admit more than a window allows; they can only leave allowance idle in one gateway for up
/// to about two lease durations (<see cref="LeaseReturner"/>).
/// </summary>
internal sealed partial class AdmissionController(
    IGrainFactory grains,
    LeaseTable leases,
    RouterClock clock,
    AdmissionMetrics metrics,
    Regions.BudgetLeaseClient budgetLeases,
    IOptions<LimitsOptions> options,
    ILogger<AdmissionController> logger)
{
    private readonly TimeSpan _leaseDuration = options.Value.LeaseDuration;

    public async Task<ScopeAdmission> AdmitAsync(LimitScope scope, LimitDemand demand)
    {
        var requests = scope.RequestUnits;
        var tokens = scope.TokenUnits(demand.Tokens);
        var lease = leases.Get(scope.GrainKey);
        var shared = scope.LeasesSurplus;
        var waited = false;
        while (true)
        {
            var now = clock.UtcNow;
            Task? inFlight;
            TaskCompletionSource? renewal = null;
            long returnedRequests, returnedTokens;
            lock (lease)
            {
                if (!scope.Holds && lease.TryTake(requests, tokens, now))
                {
                    metrics.FromLease();
                    return new ScopeAdmission(scope, null, null, requests, tokens, false, lease.RequestWindow(now), lease.TokenWindow(now), false);
                }

                // Single flight: while another request renews this lease, wait for its grant rather than call the grain
                // too (when a lease runs out, every concurrent request finds it empty at once). Once only: a request the
                // new lease does not cover asks for itself, so a refusal or a large demand costs at most one wait.
                inFlight = shared && !waited ? lease.Renewal : null;
                if (inFlight is null)
                {
                    (returnedRequests, returnedTokens) = lease.TakeAll();
                    if (shared && lease.Renewal is null)
                    {
                        renewal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        lease.Renewal = renewal.Task;
                    }
                }
                else
                {
                    (returnedRequests, returnedTokens) = (0, 0);
                }
            }

            if (inFlight is not null)
            {
                waited = true;

                // The renewing request's own outcome (a refusal, a failed call) is its own; this one only needs it over.
                await inFlight;
                continue;
            }

            try
            {
                return await AskGrainAsync(scope, demand, lease, requests, tokens, returnedRequests, returnedTokens);
            }
            finally
            {
                if (renewal is not null)
                {
                    lock (lease)
                    {
                        lease.Renewal = null;
                    }

                    renewal.SetResult();
                }
            }
        }
    }

    private async Task<ScopeAdmission> AskGrainAsync(LimitScope scope, LimitDemand demand, LocalLease lease, long requests, long tokens, long returnedRequests, long returnedTokens)
    {
        metrics.FromGrain();
        var grain = Grain(scope, lease);
        var ask = new AdmissionAsk(scope.Limits, requests, scope.ExtraRequests, tokens, scope.ExtraTokens,
            returnedRequests, returnedTokens, scope.Holds ? demand.RequestId : null, scope.Limits?.Concurrency is not null, scope.Budget, scope.Charge(demand.ReserveUsd));
        var grant = await grain.AdmitAsync(ask);
        if (grant.LeaseWanted is not null)
        {
            grant = await WithBudgetLeaseAsync(grain, ask, grant);
        }

        if (!grant.Admitted)
        {
            return new ScopeAdmission(scope, grant.Refusal, grant.RetryAfter, 0, 0, false, grant.RequestWindow, grant.TokenWindow, false);
        }

        var now = clock.UtcNow;
        lock (lease)
        {
            lease.Renew(grant.Requests - requests, grant.Tokens - tokens, scope.Limits, grant.RequestWindow, grant.TokenWindow, now, now + _leaseDuration);
            return new ScopeAdmission(scope, null, null, requests, tokens, scope.Holds, lease.RequestWindow(now), lease.TokenWindow(now), grant.BudgetWarning);
        }
    }

    /// <summary>
    /// Multi-region, a key whose tenant is homed elsewhere: the region's budget lease runs low (renewed in the
    /// background) or cannot cover the request (renewed now, then asked again; at most twice, as a renewal this
    /// request waited for may have been asked for a smaller reservation). A home that cannot be reached leaves the
    /// refusal as it is: the normal budget refusal.
    /// </summary>
    private async Task<AdmissionGrant> WithBudgetLeaseAsync(IRateLimiterGrain grain, AdmissionAsk ask, AdmissionGrant grant)
    {
        // The first ask handed back the gateway's previous lease: an ask again must not hand it back twice.
        var again = ask with { ReturnedRequests = 0, ReturnedTokens = 0 };
        for (var renewals = 0; grant.LeaseWanted is { } wanted; renewals++)
        {
            if (grant.Admitted)
            {
                _ = budgetLeases.RenewAsync(grain, wanted);
                break;
            }

            if (renewals == 2 || !await budgetLeases.RenewAsync(grain, wanted))
            {
                break;
            }

            grant = await grain.AdmitAsync(again);
        }

        return grant;
    }

    /// <summary>
    /// Ends an admitted request on its scope: unused reserved tokens go back to the lease (more used than reserved
    /// becomes a debt there), and a hold is settled with the request's cost at the scope's own billing (0 for an undone
    /// admission).
    /// </summary>
    /// <param name="admission">The scope's admission.</param>
    /// <param name="demand">The request's demand.</param>
    /// <param name="usedTokens">Tokens used.</param>
    /// <param name="costUsd">The request's base cost (list price, before any key's multiplier).</param>
    /// <param name="undo">Whether the admission is given back unused.</param>
    public async Task SettleAsync(ScopeAdmission admission, LimitDemand demand, long usedTokens, decimal costUsd, bool undo)
    {
        if (!admission.Admitted)
        {
            return;
        }

        var tokens = admission.Scope.Limits?.LimitsTokens == true ? admission.Tokens - (undo ? 0 : usedTokens) : 0;
        var lease = leases.Get(admission.Scope.GrainKey);
        lock (lease)
        {
            lease.Give(undo ? admission.Requests : 0, tokens);
        }

        if (admission.Held)
        {
            try
            {
                await Grain(admission.Scope, lease).SettleAsync(new AdmissionSettlement(demand.RequestId, undo ? 0m : admission.Scope.Charge(costUsd), admission.Scope.Budget));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The hold expires on its own; the cost is in the usage ledger either way.
                LogSettlementFailed(logger, exception);
            }
        }
    }

    /// <summary>
    /// The scope's grain, its reference kept with the lease: <c>GetGrain</c> resolves the grain interface by attribute
    /// reflection on every call, and a scope with a hold (budget, concurrency) calls its grain twice per request.
    /// </summary>
    private IRateLimiterGrain Grain(LimitScope scope, LocalLease lease) => lease.Grain ??= grains.GetGrain<IRateLimiterGrain>(scope.GrainKey);

    [LoggerMessage(EventId = EventIds.LimitSettlementFailed, EventName = nameof(EventIds.LimitSettlementFailed), Level = LogLevel.Warning,
        Message = "Settling a rate-limit hold failed")]
    private static partial void LogSettlementFailed(ILogger logger, Exception exception);
}
