using XaiRouter.Gateway.Routing;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Usage;
using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Gateway.Admin;

/// <summary>
/// This Gateway's answers to the operator tooling (<c>xai-admin ledger flush</c>, <c>xai-admin cache stats</c>):
/// counters of its caches and a flush of its usage queue, reached as a grain observer through
/// <see cref="INodeAgentRegistryGrain"/>. Nothing it answers names a record's content.
/// </summary>
internal sealed partial class NodeAgent(UsageReporter usage, RecordCache records, ProviderKeyCache providerKeys, ILogger<NodeAgent> logger) : INodeAgent
{
    public async Task<LedgerFlush> FlushLedgerAsync(TimeSpan timeout)
    {
        var (before, after, drained) = await usage.FlushAsync(timeout);
        LogLedgerFlushed(logger, before, after, drained);
        return new LedgerFlush(before, after, drained);
    }

    public Task<CacheStats> GetCacheStatsAsync()
    {
        var (keys, unknown, vaults) = records.Sizes;
        var (tenants, providerKeyRecords) = providerKeys.Sizes;
        return Task.FromResult(new CacheStats(keys, unknown, vaults, records.KeyLookups, records.GrainReads, records.Generation,
            tenants, providerKeyRecords, providerKeys.Reads));
    }

    [LoggerMessage(EventId = EventIds.LedgerFlushedByOperator, EventName = nameof(EventIds.LedgerFlushedByOperator), Level = LogLevel.Information,
        Message = "Usage queue flushed by the operator tooling: {Before} record(s) pending before, {After} after (drained: {Drained})")]
    private static partial void LogLedgerFlushed(ILogger logger, long before, long after, bool drained);
}
