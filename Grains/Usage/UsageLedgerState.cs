namespace XaiRouter.Grains.Usage;

/// <summary>What a usage ledger stores: totals by key, model and provider key, the request ids counted, recent records.</summary>
internal sealed class UsageLedgerState
{
    public Dictionary<string, UsageTotals> Totals { get; set; } = new(StringComparer.Ordinal);

    public HashSet<string> RequestIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most recent records, oldest first, at most <see cref="UsageLedgerGrain.RecentCapacity"/>.</summary>
    public List<UsageRecord> Recent { get; set; } = [];
}
