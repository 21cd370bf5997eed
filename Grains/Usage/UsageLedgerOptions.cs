namespace XaiRouter.Grains.Usage;

/// <summary>Usage ledger settings, configuration section <c>Usage</c>.</summary>
public sealed class UsageLedgerOptions
{
    public const string SectionName = "Usage";

    /// <summary>
    /// <c>Usage:RequestRetentionDays</c>: how many days request rows (the <c>/x/requests</c> log) are kept; older ones
    /// are deleted in chunks about once an hour. Daily totals (<c>/x/usage</c>) are kept forever. Default 31.
    /// </summary>
    public int RequestRetentionDays { get; set; } = 31;
}
