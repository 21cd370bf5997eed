namespace XaiRouter.Grains.Usage;

/// <summary>What a usage ledger stores: totals by key, model and provider key, the request ids counted, recent records.</summary>
internal sealed class UsageLedgerState
{
    public Dictionary<string, UsageTotals> Totals { get; set; } = new(StringComparer.Ordinal);

    public HashSet<string> RequestIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most recent records, oldest first, at most <see cref="UsageLedgerGrain.RecentCapacity"/>.</summary>
    public List<UsageRecord> Recent { get; set; } = [];

    /// <summary>
    /// The router's own refusals (records with an error code), oldest first, at most
    /// <see cref="UsageLedgerGrain.RecentCapacity"/>: kept apart from <see cref="Recent"/> so a burst of refusals cannot
    /// push the served requests out of the log, and never counted in <see cref="Totals"/>.
    /// </summary>
    public List<UsageRecord> Refusals { get; set; } = [];
}
