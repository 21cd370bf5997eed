namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>The end of a held request: its slot is freed and its reservation replaced by what it cost.</summary>
/// <param name="HoldId">The request id the hold was taken under.</param>
/// <param name="CostUsd">What the request cost (0 when it was not served).</param>
/// <param name="Budget">The scope's budget, for the month and credit bookkeeping.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.AdmissionSettlement")]
public sealed record AdmissionSettlement(
    [property: Id(0)] string HoldId,
    [property: Id(1)] decimal CostUsd,
    [property: Id(2)] BudgetPolicy? Budget);
