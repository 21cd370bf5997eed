namespace XaiRouter.Grains.Limits;

/// <summary>
/// Home region's record of another region's part of a scope's budget: what it reported having spent (cumulative,
/// so only the largest report counts) and the ceilings it was granted. The region counts against the budget with
/// the larger of the two: its spend once it went past its ceiling, else everything it may still spend.
/// </summary>
[GenerateSerializer]
[Alias("XaiRouter.RegionBudgetShare")]
public sealed class RegionBudgetShare
{
    /// <summary>The region's reported spend on the scope, ever.</summary>
    [Id(0)]
    public decimal CreditReportedUsd { get; set; }

    /// <summary>The cumulative credit spend the region may reach.</summary>
    [Id(1)]
    public decimal CreditCeilingUsd { get; set; }

    /// <summary>The UTC month (<c>yyyy-MM</c>) of <see cref="MonthReportedUsd"/> and <see cref="MonthCeilingUsd"/>.</summary>
    [Id(2)]
    public string Month { get; set; } = "";

    /// <summary>The region's reported spend in <see cref="Month"/>.</summary>
    [Id(3)]
    public decimal MonthReportedUsd { get; set; }

    /// <summary>The spend in <see cref="Month"/> the region may reach.</summary>
    [Id(4)]
    public decimal MonthCeilingUsd { get; set; }

    /// <summary>What counts against the credit for this region.</summary>
    public decimal CreditCounted => Math.Max(CreditReportedUsd, CreditCeilingUsd);

    /// <summary>What counts against <paramref name="month"/>'s budget for this region (nothing for another month).</summary>
    public decimal MonthCounted(string month) => Month == month ? Math.Max(MonthReportedUsd, MonthCeilingUsd) : 0m;

    /// <summary>The region's reported spend in <paramref name="month"/>.</summary>
    public decimal MonthReported(string month) => Month == month ? MonthReportedUsd : 0m;
}
