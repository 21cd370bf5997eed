namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>
/// The largest amounts the usage ledger holds, and the saturating sums that keep them. A count is never negative and
/// saturates at <see cref="long.MaxValue"/> (the databases' <c>bigint</c>); a cost is never negative and saturates at
/// <see cref="MaxCostUsd"/>. Without them one record could make its totals row unwritable: a decimal sum past decimal's
/// range threw on SQLite (and read back failing from PostgreSQL's <c>numeric</c>), a token sum past <c>bigint</c> was
/// PostgreSQL error 22003, and then every later record of that totals row failed its batch too.
/// </summary>
public static class UsageBounds
{
    /// <summary>
    /// The most USD one request row, one totals row or one report's sum holds (10^15): far above any real bill, and far
    /// enough below decimal's range (7.9e28) that adding two never overflows. (A request's own cost is not otherwise
    /// bounded low enough: its tokens are bounded by <c>ReportedUsageCheck</c> only through the request's
    /// <c>max_tokens</c>, a price by 1,000,000 USD per 1M tokens, the compounded price factor by 10^12.)
    /// </summary>
    public const decimal MaxCostUsd = 1_000_000_000_000_000m;

    /// <summary><paramref name="cost"/> as the ledger stores it: within 0 and <see cref="MaxCostUsd"/>.</summary>
    public static decimal Cost(decimal cost) => Math.Clamp(cost, 0m, MaxCostUsd);

    /// <summary><paramref name="count"/> as the ledger stores it: not negative.</summary>
    public static long Count(long count) => Math.Max(count, 0);

    /// <summary><paramref name="total"/> plus <paramref name="more"/>, both clamped first, at most <see cref="MaxCostUsd"/>.</summary>
    public static decimal AddCost(decimal total, decimal more) => Math.Min(Cost(total) + Cost(more), MaxCostUsd);

    /// <summary><paramref name="total"/> plus <paramref name="more"/> (a negative one adds nothing), at most <see cref="long.MaxValue"/>.</summary>
    public static long AddCount(long total, long more) =>
        more <= 0 ? total : total > long.MaxValue - more ? long.MaxValue : total + more;
}
