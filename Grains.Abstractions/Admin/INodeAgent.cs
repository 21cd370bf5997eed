namespace XaiRouter.Grains.Abstractions.Admin;

/// <summary>
/// What a Gateway node answers the operator tooling about its own process, as a grain observer registered with
/// <see cref="INodeAgentRegistryGrain"/>: counters and a flush, never a record, a key or a secret.
/// </summary>
[Alias("XaiRouter.INodeAgent")]
public interface INodeAgent : IGrainObserver
{
    /// <summary>Sends the node's queued usage records to their ledgers now and waits (up to <paramref name="timeout"/>) until they are acknowledged.</summary>
    /// <param name="timeout">How long to wait for the queue to drain.</param>
    /// <returns>The queue before and after.</returns>
    [Alias("FlushLedgerAsync")]
    Task<LedgerFlush> FlushLedgerAsync(TimeSpan timeout);

    /// <summary>The node's record and provider key caches' counters.</summary>
    /// <returns>The counters.</returns>
    [Alias("GetCacheStatsAsync")]
    Task<CacheStats> GetCacheStatsAsync();
}
