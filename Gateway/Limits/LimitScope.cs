namespace XaiRouter.Gateway.Limits;

/// <summary>One scope a request must be admitted by: its grain, its own limits and its budget.</summary>
/// <param name="GrainKey">The scope's <see cref="IRateLimiterGrain"/> key.</param>
/// <param name="Limits">The scope's limits, without per-model entries (those are scopes of their own).</param>
/// <param name="Budget">The scope's budget.</param>
/// <param name="CostFactor">
/// What this scope's key bills per unit of base cost: the product of the price multipliers from the root down to that
/// key, inclusive. Its budget is reserved and charged at base cost times this, so a child's multiplier (0, say) never
/// changes what its ancestors' budgets are charged.
/// </param>
internal sealed record LimitScope(string GrainKey, RateLimits? Limits, BudgetPolicy? Budget, decimal CostFactor = 1m)
{
    /// <summary>What this scope's budget is charged for a request of <paramref name="baseCostUsd"/> (list price).</summary>
    public decimal Charge(decimal baseCostUsd) => baseCostUsd * CostFactor;

    /// <summary>Whether the request takes a hold here (a concurrency slot or a budget reservation): always a grain call.</summary>
    public bool Holds => Limits?.Concurrency is not null || Budget is not null;

    /// <summary>Requests the request takes here.</summary>
    public long RequestUnits => Limits?.LimitsRequests == true ? 1 : 0;

    /// <summary>Tokens the request reserves here: its estimate, cut to the smallest token window's capacity.</summary>
    public long TokenUnits(long estimate) => Limits is not { LimitsTokens: true } limits ? 0
        : Math.Min(estimate, Math.Min(limits.Tpm ?? long.MaxValue, Math.Min(limits.Tph ?? long.MaxValue, limits.Tpd ?? long.MaxValue)));

    /// <summary>
    /// Requests a gateway may lease beyond the one it needs: one second's worth of the tightest window's rate, so
    /// limits under 120 per minute are decided request by request by the grain; at most 100.
    /// </summary>
    public long ExtraRequests => Holds || Limits is not { LimitsRequests: true } limits ? 0
        : Math.Clamp((long)(PerMinute(limits.Rpm, limits.Rph, limits.Rpd) / 60) - 1, 0, 99);

    /// <summary>
    /// Whether a renewal of this scope's lease can admit other requests than the one that asked: no hold, and requests
    /// are not decided one by one (<see cref="ExtraRequests"/> above 0, or the scope does not count requests).
    /// </summary>
    public bool LeasesSurplus => !Holds && (RequestUnits == 0 || ExtraRequests > 0);

    /// <summary>Tokens a gateway may lease beyond the request's estimate: one second's worth of the tightest window.</summary>
    public long ExtraTokens => Holds || Limits is not { LimitsTokens: true } limits ? 0
        : (long)Math.Min(PerMinute(limits.Tpm, limits.Tph, limits.Tpd) / 60, 1_000_000);

    private static double PerMinute(long? perMinute, long? perHour, long? perDay) =>
        Math.Min(perMinute ?? double.MaxValue, Math.Min((perHour ?? double.MaxValue) / 60, (perDay ?? double.MaxValue) / 1440));
}
