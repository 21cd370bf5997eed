namespace XaiRouter.Grains.Limits;

/// <summary>
/// A non-home region's budget lease on a scope, as granted by the home region: the region admits a budgeted request
/// only while its own spend plus reservations stay under these ceilings.
/// </summary>
[GenerateSerializer]
[Alias("XaiRouter.HeldBudgetLease")]
public sealed class HeldBudgetLease
{
    /// <summary>The cumulative credit spend this region may reach.</summary>
    [Id(0)]
    public decimal CreditCeilingUsd { get; set; }

    /// <summary>The UTC month (<c>yyyy-MM</c>) of <see cref="MonthCeilingUsd"/>.</summary>
    [Id(1)]
    public string Month { get; set; } = "";

    /// <summary>The spend in <see cref="Month"/> this region may reach.</summary>
    [Id(2)]
    public decimal MonthCeilingUsd { get; set; }

    /// <summary>The size of the last grant: a renewal is asked for once less than half of it is left.</summary>
    [Id(3)]
    public decimal LastGrantUsd { get; set; }
}
