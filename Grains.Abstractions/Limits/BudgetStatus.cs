namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>What a key has spent and has left, as <c>GET /x/keys/{id}</c> shows it.</summary>
/// <param name="CreditSpentUsd">Spent since the key was created (charged to the credit).</param>
/// <param name="CreditLeftUsd">Credit left (0 once expired); null without a credit.</param>
/// <param name="Month">The current UTC month, <c>yyyy-MM</c>.</param>
/// <param name="MonthSpentUsd">Spent this month.</param>
/// <param name="MonthLeftUsd">Monthly budget left; null without one.</param>
/// <param name="ReservedUsd">Reserved by requests in flight.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.BudgetStatus")]
public sealed record BudgetStatus(
    [property: Id(0)] decimal CreditSpentUsd,
    [property: Id(1)] decimal? CreditLeftUsd,
    [property: Id(2)] string Month,
    [property: Id(3)] decimal MonthSpentUsd,
    [property: Id(4)] decimal? MonthLeftUsd,
    [property: Id(5)] decimal ReservedUsd);
