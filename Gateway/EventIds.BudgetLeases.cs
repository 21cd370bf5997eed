namespace XaiRouter.Gateway;

internal static partial class EventIds
{
    // Budget leases between regions (issue 20, rg-budget): 2540-2559.
    public const int BudgetLeaseUnreachable = 2540;
    public const int BudgetLeaseRefused = 2541;
    public const int BudgetLeaseUnknownHome = 2542;
    public const int BudgetLeaseApplyFailed = 2543;
}
