namespace XaiRouter.Grains.Limits;

/// <summary>
/// What a limit scope keeps across activations: its spend (this region's), and across regions its budget leases. Request and token windows live in memory (a lost
/// activation starts them full again, see the README's limits section).
/// </summary>
[GenerateSerializer]
[Alias("XaiRouter.RateLimiterState")]
public sealed class RateLimiterState
{
    /// <summary>Spent since the scope's first request, charged to the credit.</summary>
    [Id(0)]
    public decimal CreditSpentUsd { get; set; }

    /// <summary>The UTC month of <see cref="MonthSpentUsd"/>, <c>yyyy-MM</c>.</summary>
    [Id(1)]
    public string Month { get; set; } = "";

    /// <summary>Spent in <see cref="Month"/>.</summary>
    [Id(2)]
    public decimal MonthSpentUsd { get; set; }

    /// <summary>Home region only: the other regions' parts of the budget, by region name (docs/multi-region.md).</summary>
    [Id(3)]
    public Dictionary<string, RegionBudgetShare> Regions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Non-home region only: the budget lease granted by the tenant's home region.</summary>
    [Id(4)]
    public HeldBudgetLease? Lease { get; set; }
}
