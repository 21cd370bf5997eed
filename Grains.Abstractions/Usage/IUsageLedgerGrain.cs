namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>
/// One tenant's usage on one UTC day, keyed by <see cref="GrainKeys.UsageLedger(string, DateOnly)"/>: totals per key,
/// model and provider key, counted exactly once per request id, and the day's request log. A batch is written to the
/// ledger's tables (one row per request, totals raised in the same transaction) before it is acknowledged.
/// </summary>
[Alias("XaiRouter.IUsageLedgerGrain")]
public interface IUsageLedgerGrain : IGrainWithStringKey
{
    /// <summary>Adds settled requests; a request id already counted is ignored.</summary>
    /// <param name="records">Records of this ledger's tenant and day.</param>
    /// <returns>How many records were new.</returns>
    [Alias("RecordAsync")]
    Task<int> RecordAsync(ImmutableArray<UsageRecord> records);

    /// <summary>The day's totals.</summary>
    /// <returns>One row per key, model and provider key.</returns>
    [Alias("GetTotalsAsync")]
    Task<ImmutableArray<UsageTotals>> GetTotalsAsync();

    /// <summary>The day's most recent request records, newest first.</summary>
    /// <param name="limit">At most this many.</param>
    /// <returns>The records.</returns>
    [Alias("GetRecentAsync")]
    Task<ImmutableArray<UsageRecord>> GetRecentAsync(int limit);

    /// <summary>
    /// The day's request log, newest first: served requests and the router's own refusals, selected through the
    /// request table's indexes by status, model and key.
    /// </summary>
    /// <param name="query">The filters and the limit.</param>
    /// <returns>The matching records.</returns>
    [Alias("QueryRequestsAsync")]
    Task<ImmutableArray<UsageRecord>> QueryRequestsAsync(RequestLogQuery query);
}
