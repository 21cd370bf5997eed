using System.Text.Json.Serialization;

namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>
/// The <c>budget</c> of a key: a prepaid credit (the total granted; what was spent is subtracted) that may expire,
/// and a monthly limit (UTC calendar month) that refuses or only warns when reached.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.BudgetPolicy")]
public sealed record BudgetPolicy(
    [property: Id(0), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? CreditUsd = null,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreditExpiresAt = null,
    [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? MonthlyUsd = null,
    [property: Id(3)] BudgetMode MonthlyMode = BudgetMode.Hard);
