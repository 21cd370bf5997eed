namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>
/// A non-home region's ask to the home region for a budget lease on one scope, carrying its report: the region's
/// cumulative spend on the scope (never a delta, so a repeated or late ask never counts anything twice). Also the
/// body of <c>POST /admin/regions/budget-lease</c>.
/// </summary>
/// <param name="Scope">The scope's <see cref="IRateLimiterGrain"/> key (<c>rl:</c> tenant <c>:</c> scope).</param>
/// <param name="Region">The asking region.</param>
/// <param name="HomeRegion">The region asked: the tenant's home as the asking region knows it.</param>
/// <param name="Month">The asking region's current UTC month, <c>yyyy-MM</c>, of <paramref name="MonthSpentUsd"/>.</param>
/// <param name="CreditSpentUsd">What the asking region has spent on the scope, ever (charged to the credit).</param>
/// <param name="MonthSpentUsd">What it has spent in <paramref name="Month"/>.</param>
/// <param name="AskUsd">The reservation that asked (the lease is at least a few of these, when that much is left).</param>
/// <param name="Budget">The scope's budget as the asking region read it.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.BudgetLeaseAsk")]
public sealed record BudgetLeaseAsk(
    [property: Id(0)] string Scope,
    [property: Id(1)] string Region,
    [property: Id(2)] string HomeRegion,
    [property: Id(3)] string Month,
    [property: Id(4)] decimal CreditSpentUsd,
    [property: Id(5)] decimal MonthSpentUsd,
    [property: Id(6)] decimal AskUsd,
    [property: Id(7)] BudgetPolicy? Budget);
