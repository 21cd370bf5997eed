using System.Collections.Immutable;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>A usage ledger whose writes fail as <see cref="FlakyLedgers"/> says; reads go to the real one.</summary>
internal sealed class FlakyLedger(IUsageLedgerGrain inner, FlakyLedgers ledgers) : IUsageLedgerGrain
{
    public Task<int> RecordAsync(ImmutableArray<UsageRecord> records) => ledgers.RecordAsync(inner, records);

    public Task<ImmutableArray<UsageTotals>> GetTotalsAsync() => inner.GetTotalsAsync();

    public Task<ImmutableArray<UsageRecord>> GetRecentAsync(int limit) => inner.GetRecentAsync(limit);

    public Task<ImmutableArray<UsageRecord>> QueryRequestsAsync(RequestLogQuery query) => inner.QueryRequestsAsync(query);
}
