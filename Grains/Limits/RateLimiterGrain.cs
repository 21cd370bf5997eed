using System.Globalization;
using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Grains.Limits;

/// <inheritdoc cref="IRateLimiterGrain"/>
/// <remarks>
/// Everything a gateway is granted is taken from the buckets at once (a lease is allowance already counted as
/// used), so the cluster never admits more requests than a window allows, whatever the number of gateways; a
/// lease left unused only delays other gateways until it is handed back. Holds (concurrency slots, budget
/// reservations) expire after <see cref="HoldTimeout"/> in case their gateway died. Spend is written by a timer
/// (at most about <see cref="FlushInterval"/> of spend is lost if the silo crashes) and on deactivation; the
/// activation lives a day without calls so that day windows stay whole.
/// </remarks>
[CollectionAgeLimit(Days = 1)]
internal sealed class RateLimiterGrain(
    [PersistentState("rateLimiter", GrainStorage.ProviderName)] IPersistentState<RateLimiterState> state,
    RouterClock clock) : Grain, IRateLimiterGrain
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan HoldTimeout = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan ConcurrencyRetry = TimeSpan.FromSeconds(1);

    private readonly WindowedAllowance _requests = new();
    private readonly WindowedAllowance _tokens = new();
    private readonly Dictionary<string, LimitHold> _holds = new(StringComparer.Ordinal);
    private bool _dirty;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { Interleave = false });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<AdmissionGrant> AdmitAsync(AdmissionAsk ask)
    {
        var now = Update(ask.Limits);
        _requests.Give(ask.ReturnedRequests);
        _tokens.Give(ask.ReturnedTokens);

        if (ask.Concurrent && ask.Limits?.Concurrency is { } slots && _holds.Values.Count(h => h.Slot) >= slots)
        {
            return Refuse(LimitRefusal.Concurrency, ConcurrencyRetry);
        }

        var warning = false;
        if (ask.Budget is { } budget)
        {
            var (allowed, soft, retry) = CheckBudget(budget, ask.ReserveUsd, now);
            if (!allowed)
            {
                return Refuse(LimitRefusal.Budget, retry);
            }

            warning = soft;
        }

        if (_requests.Grant(ask.Requests, ask.ExtraRequests) is not { } requests)
        {
            return Refuse(LimitRefusal.Requests, _requests.TimeUntil(ask.Requests));
        }

        if (_tokens.Grant(ask.Tokens, ask.ExtraTokens) is not { } tokens)
        {
            _requests.Give(requests);
            return Refuse(LimitRefusal.Tokens, _tokens.TimeUntil(ask.Tokens));
        }

        if (ask.HoldId is { } id && (ask.Concurrent || ask.Budget is not null))
        {
            _holds[id] = new LimitHold(ask.Concurrent && ask.Limits?.Concurrency is not null, ask.Budget is null ? 0m : ask.ReserveUsd, now + HoldTimeout);
        }

        return Task.FromResult(new AdmissionGrant(null, TimeSpan.Zero, requests, tokens, _requests.Tightest(), _tokens.Tightest(), warning));
    }

    /// <inheritdoc/>
    public Task ReturnAsync(RateLimits? limits, long requests, long tokens)
    {
        Update(limits);
        _requests.Give(requests);
        _tokens.Give(tokens);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task SettleAsync(AdmissionSettlement settlement)
    {
        // A request never earns credit back: a negative charge (usage that could not be true) is not applied.
        if (_holds.Remove(settlement.HoldId, out var hold) && settlement.Budget is not null && settlement.CostUsd > 0m)
        {
            RollMonth(clock.UtcNow);
            state.State.CreditSpentUsd += settlement.CostUsd;
            state.State.MonthSpentUsd += settlement.CostUsd;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<BudgetStatus> GetBudgetAsync(BudgetPolicy? budget)
    {
        var now = clock.UtcNow;
        RollMonth(now);
        var reserved = Reserved();
        return Task.FromResult(new BudgetStatus(state.State.CreditSpentUsd, CreditLeft(budget, now, reserved), state.State.Month,
            state.State.MonthSpentUsd, budget?.MonthlyUsd is { } monthly ? Math.Max(0m, monthly - state.State.MonthSpentUsd - reserved) : null, reserved));
    }

    /// <inheritdoc/>
    public Task<LimitSnapshot> GetSnapshotAsync()
    {
        var now = clock.UtcNow;
        RollMonth(now);
        _requests.Refill(now);
        _tokens.Refill(now);
        var slots = _holds.Values.Count(static h => h.Slot);
        return Task.FromResult(new LimitSnapshot([.. _requests.Snapshot("requests"), .. _tokens.Snapshot("tokens")], _holds.Count, slots, Reserved(),
            state.State.CreditSpentUsd, state.State.Month, state.State.MonthSpentUsd));
    }

    /// <inheritdoc/>
    public Task ResetAsync()
    {
        _requests.Reset();
        _tokens.Reset();
        _holds.Clear();
        return Task.CompletedTask;
    }

    private DateTimeOffset Update(RateLimits? limits)
    {
        var now = clock.UtcNow;
        _requests.Update(limits?.Rpm, limits?.Rph, limits?.Rpd, now);
        _tokens.Update(limits?.Tpm, limits?.Tph, limits?.Tpd, now);
        foreach (var (id, hold) in _holds.Where(h => h.Value.ExpiresAt <= now).ToList())
        {
            _holds.Remove(id);
        }

        return now;
    }

    /// <returns>Whether the reservation fits; whether it only fits because the monthly limit is soft; when to retry if not.</returns>
    private (bool Allowed, bool Soft, TimeSpan? RetryAfter) CheckBudget(BudgetPolicy budget, decimal reserve, DateTimeOffset now)
    {
        RollMonth(now);
        var reserved = Reserved();
        if (CreditLeft(budget, now, reserved) is { } credit && (credit <= 0m || reserve > credit))
        {
            return (false, false, null);
        }

        if (budget.MonthlyUsd is { } monthly)
        {
            var left = monthly - state.State.MonthSpentUsd - reserved;
            if (left <= 0m || reserve > left)
            {
                if (budget.MonthlyMode == BudgetMode.Hard)
                {
                    var next = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
                    return (false, false, next - now);
                }

                return (true, true, null);
            }
        }

        return (true, false, null);
    }

    private decimal? CreditLeft(BudgetPolicy? budget, DateTimeOffset now, decimal reserved) => budget?.CreditUsd is not { } credit ? null
        : budget.CreditExpiresAt is { } expiry && expiry <= now ? 0m
        : Math.Max(0m, credit - state.State.CreditSpentUsd - reserved);

    private decimal Reserved()
    {
        var reserved = 0m;
        foreach (var hold in _holds.Values)
        {
            reserved += hold.ReservedUsd;
        }

        return reserved;
    }

    private void RollMonth(DateTimeOffset now)
    {
        var month = now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (state.State.Month != month)
        {
            state.State.Month = month;
            state.State.MonthSpentUsd = 0m;
            _dirty = true;
        }
    }

    private Task<AdmissionGrant> Refuse(LimitRefusal refusal, TimeSpan? retryAfter) =>
        Task.FromResult(new AdmissionGrant(refusal, retryAfter, 0, 0, _requests.Tightest(), _tokens.Tightest(), false));

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch
            {
                _dirty = true;
                throw;
            }
        }
    }
}
