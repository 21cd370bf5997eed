namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>
/// The home region's answer to a <see cref="BudgetLeaseAsk"/>: absolute ceilings (never increments, so applying an
/// answer twice changes nothing) and the home's view of the scope's spend across every region.
/// </summary>
/// <param name="Month">The home's current UTC month, <c>yyyy-MM</c>, of <paramref name="MonthCeilingUsd"/>.</param>
/// <param name="GrantedUsd">What this answer added to the region's lease (its size, for the renewal threshold).</param>
/// <param name="CreditCeilingUsd">The cumulative credit spend the region may reach; null without a credit.</param>
/// <param name="MonthCeilingUsd">The region's spend it may reach in <paramref name="Month"/>; null without a hard monthly budget.</param>
/// <param name="CreditSpentUsd">Spent on the scope in every region, as far as the home knows (its own plus the reports).</param>
/// <param name="MonthSpentUsd">Spent in <paramref name="Month"/> in every region, as far as the home knows.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.BudgetLeaseGrant")]
public sealed record BudgetLeaseGrant(
    [property: Id(0)] string Month,
    [property: Id(1)] decimal GrantedUsd,
    [property: Id(2)] decimal? CreditCeilingUsd,
    [property: Id(3)] decimal? MonthCeilingUsd,
    [property: Id(4)] decimal CreditSpentUsd,
    [property: Id(5)] decimal MonthSpentUsd);
