using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Grains.Limits;

/// <summary>
/// The rules of budget leases between regions: which budgets are leased, how large a grant is, and how the home
/// counts the other regions (README "Budgets and rate limits across regions").
/// </summary>
internal static class BudgetLeasing
{
    /// <summary>A grant is this fraction (1/n) of what the home has left for the asking region...</summary>
    public const int LeaseFraction = 4;

    /// <summary>...but at least this many times the reservation that asked, when that much is left...</summary>
    public const int AskMultiple = 4;

    /// <summary>
    /// ...and never more than this fraction (1/n) of what is left unless the ask alone needs more: a large reservation
    /// against a small budget must not hand the whole of it to one region, leaving the home and the others nothing.
    /// </summary>
    public const int MaxFraction = 2;

    /// <summary>A region asks for a renewal in the background at most this often per scope (the peer call's timeout).</summary>
    public static readonly TimeSpan RenewalInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a budget needs a lease outside its home: a credit or a hard monthly budget (a soft monthly budget only
    /// warns, on the region's own spend).
    /// </summary>
    public static bool IsLeased(BudgetPolicy budget) => budget.CreditUsd is not null || (budget.MonthlyUsd is not null && budget.MonthlyMode == BudgetMode.Hard);

    /// <summary>
    /// The size of a grant when <paramref name="left"/> is left for the region and it asked for <paramref name="ask"/>:
    /// max(ask, min(4 x ask, left / 2), left / 4), at most what is left.
    /// </summary>
    public static decimal GrantSize(decimal left, decimal ask) =>
        left <= 0m ? 0m : Math.Min(left, Math.Max(ask, Math.Max(Math.Min(AskMultiple * ask, left / MaxFraction), left / LeaseFraction)));

    /// <summary>What the other regions (but <paramref name="except"/>) count against the credit.</summary>
    public static decimal OthersCredit(Dictionary<string, RegionBudgetShare> shares, string? except = null)
    {
        var sum = 0m;
        foreach (var (region, share) in shares)
        {
            sum += region == except ? 0m : share.CreditCounted;
        }

        return sum;
    }

    /// <summary>What the other regions (but <paramref name="except"/>) count against <paramref name="month"/>'s budget.</summary>
    public static decimal OthersMonth(Dictionary<string, RegionBudgetShare> shares, string month, string? except = null)
    {
        var sum = 0m;
        foreach (var (region, share) in shares)
        {
            sum += region == except ? 0m : share.MonthCounted(month);
        }

        return sum;
    }

    /// <summary>What the other regions reported having spent: ever, and in <paramref name="month"/>.</summary>
    public static (decimal Credit, decimal Month) OthersReported(Dictionary<string, RegionBudgetShare> shares, string month)
    {
        var (credit, monthly) = (0m, 0m);
        foreach (var share in shares.Values)
        {
            credit += share.CreditReportedUsd;
            monthly += share.MonthReported(month);
        }

        return (credit, monthly);
    }
}
