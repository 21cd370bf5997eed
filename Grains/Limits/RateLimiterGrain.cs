using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Abstractions.Limits;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Limits;

/// <inheritdoc cref="IRateLimiterGrain"/>
/// <remarks>
/// Everything a gateway is granted is taken from the buckets at once (a lease is allowance already counted as
/// used), so the cluster never admits more requests than a window allows, whatever the number of gateways; a
/// lease left unused only delays other gateways until it is handed back. Holds (concurrency slots, budget
/// reservations) expire after <see cref="HoldTimeout"/> in case their gateway died. Spend is written by a timer
/// (at most about <see cref="FlushInterval"/> of spend is lost if the silo crashes) and on deactivation; the
/// activation lives a day without calls so that day windows stay whole.
/// Across regions (only when <see cref="RegionOptions.IsMultiRegion"/>): the grain of a tenant homed elsewhere admits a
/// leased budget only within the lease its home granted (<see cref="HeldBudgetLease"/>) and says when it needs more;
/// the home's grain grants leases and counts every other region's part (<see cref="RegionBudgetShare"/>).
/// </remarks>
[CollectionAgeLimit(Days = 1)]
internal sealed class RateLimiterGrain(
    [PersistentState("rateLimiter", GrainStorage.ProviderName)] IPersistentState<RateLimiterState> state,
    RouterClock clock,
    IOptions<RegionOptions> regionOptions) : Grain, IRateLimiterGrain
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan HoldTimeout = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan ConcurrencyRetry = TimeSpan.FromSeconds(1);

    private readonly WindowedAllowance _requests = new();
    private readonly WindowedAllowance _tokens = new();
    private readonly Dictionary<string, LimitHold> _holds = new(StringComparer.Ordinal);
    private readonly RegionOptions _region = regionOptions.Value;
    private bool _dirty;

    // Multi-region only: the tenant's home when it is another region (null: here), read at most every MaxStaleSeconds.
    private string? _remoteHome;
    private DateTimeOffset? _homeReadAt;
    private DateTimeOffset? _renewalAskedAt;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { Interleave = false });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<AdmissionGrant> AdmitAsync(AdmissionAsk ask) =>
        _region.IsMultiRegion && ask.Budget is { } budget && BudgetLeasing.IsLeased(budget)
            ? AdmitAcrossRegionsAsync(ask)
            : Task.FromResult(Admit(ask, remoteHome: null));

    private async Task<AdmissionGrant> AdmitAcrossRegionsAsync(AdmissionAsk ask) => Admit(ask, await RemoteHomeAsync());

    /// <param name="ask">The gateway's ask.</param>
    /// <param name="remoteHome">The tenant's home when it is another region: the budget must fit this region's lease.</param>
    private AdmissionGrant Admit(AdmissionAsk ask, string? remoteHome)
    {
        var now = Update(ask.Limits);
        _requests.Give(ask.ReturnedRequests);
        _tokens.Give(ask.ReturnedTokens);

        if (ask.Concurrent && ask.Limits?.Concurrency is { } slots && _holds.Values.Count(h => h.Slot) >= slots)
        {
            return Refuse(LimitRefusal.Concurrency, ConcurrencyRetry);
        }

        var warning = false;
        BudgetLeaseAsk? leaseWanted = null;
        if (ask.Budget is { } budget)
        {
            var (allowed, soft, retry) = CheckBudget(budget, ask.ReserveUsd, now);
            if (allowed && remoteHome is not null)
            {
                (allowed, leaseWanted) = CheckLease(budget, ask.ReserveUsd, remoteHome, now);
            }

            if (!allowed)
            {
                return Refuse(LimitRefusal.Budget, retry, leaseWanted);
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

        return new AdmissionGrant(null, TimeSpan.Zero, requests, tokens, _requests.Tightest(), _tokens.Tightest(), warning, leaseWanted);
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
        var (othersCredit, othersMonth) = BudgetLeasing.OthersReported(state.State.Regions, state.State.Month);
        return Task.FromResult(new BudgetStatus(state.State.CreditSpentUsd + othersCredit, CreditLeft(budget, now, reserved), state.State.Month,
            state.State.MonthSpentUsd + othersMonth, budget?.MonthlyUsd is { } monthly ? Math.Max(0m, MonthLeft(monthly, reserved)) : null, reserved));
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

    /// <inheritdoc/>
    public async Task<BudgetLeaseGrant> GrantBudgetLeaseAsync(BudgetLeaseAsk ask)
    {
        var now = clock.UtcNow;
        RollMonth(now);
        var month = state.State.Month;
        if (!state.State.Regions.TryGetValue(ask.Region, out var share))
        {
            share = new RegionBudgetShare();
            state.State.Regions[ask.Region] = share;
        }

        // Reports are cumulative: the largest one counts, so a repeated or late ask changes nothing.
        share.CreditReportedUsd = Math.Max(share.CreditReportedUsd, ask.CreditSpentUsd);
        if (share.Month != month)
        {
            (share.Month, share.MonthReportedUsd, share.MonthCeilingUsd) = (month, 0m, 0m);
        }

        if (ask.Month == month)
        {
            share.MonthReportedUsd = Math.Max(share.MonthReportedUsd, ask.MonthSpentUsd);
        }

        // What is left for the asking region: everything else counted (its own lease is granted anew, not added to).
        var budget = ask.Budget;
        var reserved = Reserved();
        var creditLeft = CreditLeft(budget, now, reserved, ask.Region) - share.CreditReportedUsd;
        decimal? monthLeft = budget is { MonthlyUsd: { } monthly, MonthlyMode: BudgetMode.Hard } ? MonthLeft(monthly, reserved, ask.Region) - share.MonthReportedUsd : null;
        var granted = creditLeft is null && monthLeft is null ? 0m
            : BudgetLeasing.GrantSize(Math.Min(creditLeft ?? decimal.MaxValue, monthLeft ?? decimal.MaxValue), ask.AskUsd);

        // Ceilings only rise: a ceiling granted earlier was counted since, so keeping it never over-grants.
        if (creditLeft is not null)
        {
            share.CreditCeilingUsd = Math.Max(share.CreditCeilingUsd, share.CreditReportedUsd + granted);
        }

        if (monthLeft is not null)
        {
            share.MonthCeilingUsd = Math.Max(share.MonthCeilingUsd, share.MonthReportedUsd + granted);
        }

        // Durable before the answer: a lost grant record would let the home grant the same budget twice.
        _dirty = true;
        await FlushAsync(CancellationToken.None);
        var (othersCredit, othersMonth) = BudgetLeasing.OthersReported(state.State.Regions, month);
        return new BudgetLeaseGrant(month, granted, creditLeft is null ? null : share.CreditCeilingUsd, monthLeft is null ? null : share.MonthCeilingUsd,
            state.State.CreditSpentUsd + othersCredit, state.State.MonthSpentUsd + othersMonth);
    }

    /// <inheritdoc/>
    public Task ApplyBudgetLeaseAsync(BudgetLeaseGrant grant)
    {
        RollMonth(clock.UtcNow);
        var lease = state.State.Lease ??= new HeldBudgetLease();
        if (grant.CreditCeilingUsd is { } credit)
        {
            lease.CreditCeilingUsd = Math.Max(lease.CreditCeilingUsd, credit);
        }

        // A grant for another month than this region's (clocks apart at the turn of a month) is of no use here.
        if (grant.MonthCeilingUsd is { } monthly && grant.Month == state.State.Month)
        {
            lease.MonthCeilingUsd = lease.Month == grant.Month ? Math.Max(lease.MonthCeilingUsd, monthly) : monthly;
            lease.Month = grant.Month;
        }

        lease.LastGrantUsd = grant.GrantedUsd;
        _dirty = true;
        return FlushAsync(CancellationToken.None);
    }

    /// <summary>
    /// Non-home region: whether the reservation fits this region's lease, and the ask for the home when it does not
    /// (the Gateway asks at once and tries again) or when less than half of the last grant is left (asked in the
    /// background, at most every <see cref="BudgetLeasing.RenewalInterval"/>).
    /// </summary>
    private (bool Allowed, BudgetLeaseAsk? LeaseWanted) CheckLease(BudgetPolicy budget, decimal reserve, string home, DateTimeOffset now)
    {
        var lease = state.State.Lease;
        var used = Reserved();
        var room = decimal.MaxValue;
        if (budget.CreditUsd is not null)
        {
            room = (lease?.CreditCeilingUsd ?? 0m) - state.State.CreditSpentUsd - used;
        }

        if (budget is { MonthlyUsd: not null, MonthlyMode: BudgetMode.Hard })
        {
            var ceiling = lease is not null && lease.Month == state.State.Month ? lease.MonthCeilingUsd : 0m;
            room = Math.Min(room, ceiling - state.State.MonthSpentUsd - used);
        }

        // The home grants ceilings over the reported spend, which does not hold the reservations in flight here: the
        // ask covers them too, else a grant under concurrent traffic may not raise the ceiling above what they hold.
        var ask = new BudgetLeaseAsk(this.GetPrimaryKeyString(), _region.Name!, home, state.State.Month, state.State.CreditSpentUsd, state.State.MonthSpentUsd, reserve + used, budget);
        if (room <= 0m || reserve > room)
        {
            return (false, ask);
        }

        if (room - reserve < (lease?.LastGrantUsd ?? 0m) / 2 && (_renewalAskedAt is not { } asked || now - asked >= BudgetLeasing.RenewalInterval))
        {
            _renewalAskedAt = now;
            return (true, ask);
        }

        return (true, null);
    }

    /// <summary>The tenant's home when it is another region; read again after <see cref="RegionOptions.MaxStaleSeconds"/> (a home move).</summary>
    private async Task<string?> RemoteHomeAsync()
    {
        var now = clock.UtcNow;
        if (_homeReadAt is not { } read || now - read >= TimeSpan.FromSeconds(_region.MaxStaleSeconds))
        {
            var home = await ServiceProvider.GetRequiredService<ITenantHomeLookup>().GetHomeRegionAsync(TenantId());
            _remoteHome = _region.IsHome(home) ? null : home;
            _homeReadAt = now;
        }

        return _remoteHome;
    }

    /// <summary>The tenant of this scope, from the key <c>rl:</c> tenant <c>:</c> scope.</summary>
    private string TenantId()
    {
        var key = this.GetPrimaryKeyString().AsSpan(GrainKeys.RateLimiterPrefix.Length);
        var colon = key.IndexOf(':');
        return (colon < 0 ? key : key[..colon]).ToString();
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
            var left = MonthLeft(monthly, reserved);
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

    /// <summary>The credit left here, the other regions' parts (home only; none elsewhere) counted, but <paramref name="except"/>'s.</summary>
    private decimal? CreditLeft(BudgetPolicy? budget, DateTimeOffset now, decimal reserved, string? except = null) => budget?.CreditUsd is not { } credit ? null
        : budget.CreditExpiresAt is { } expiry && expiry <= now ? 0m
        : Math.Max(0m, credit - state.State.CreditSpentUsd - reserved - BudgetLeasing.OthersCredit(state.State.Regions, except));

    /// <summary>The month's budget left here, the other regions' parts (home only; none elsewhere) counted, but <paramref name="except"/>'s.</summary>
    private decimal MonthLeft(decimal monthly, decimal reserved, string? except = null) =>
        monthly - state.State.MonthSpentUsd - reserved - BudgetLeasing.OthersMonth(state.State.Regions, state.State.Month, except);

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

    private AdmissionGrant Refuse(LimitRefusal refusal, TimeSpan? retryAfter, BudgetLeaseAsk? leaseWanted = null) =>
        new(refusal, retryAfter, 0, 0, _requests.Tightest(), _tokens.Tightest(), false, leaseWanted);

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
