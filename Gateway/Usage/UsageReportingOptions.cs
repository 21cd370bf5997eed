namespace XaiRouter.Gateway.Usage;

/// <summary>How the Gateway reports usage to the ledger, configuration section <c>Usage</c> (shared with the ledger's own settings).</summary>
internal sealed class UsageReportingOptions
{
    public const string SectionName = "Usage";

    /// <summary>
    /// <c>Usage:MaxPendingRecords</c>: the most usage records the Gateway holds that its ledger has not acknowledged (a
    /// database outage). At the bound new <c>/v1</c> requests are refused with 503 <c>usage_ledger_unavailable</c>
    /// until the backlog is below 90% of it: billed usage is neither lost nor allowed to grow memory. Default 100,000.
    /// </summary>
    public int MaxPendingRecords { get; set; } = 100_000;
}
