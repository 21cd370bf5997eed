namespace XaiRouter.Grains.Abstractions.Admin;

/// <summary>
/// The Gateway nodes' <see cref="INodeAgent"/>s, so that one call reaches every node: a single grain keyed by
/// <see cref="GrainKeys.NodeAgents"/>, kept in memory only (each Gateway registers at start and again every
/// <see cref="RefreshInterval"/>, so a new activation knows every live node within that time).
/// </summary>
[Alias("XaiRouter.INodeAgentRegistryGrain")]
public interface INodeAgentRegistryGrain : IGrainWithStringKey
{
    /// <summary>How often a Gateway registers again.</summary>
    static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>Adds or replaces a node's agent.</summary>
    /// <param name="node">The node's silo address.</param>
    /// <param name="agent">Its observer reference.</param>
    /// <returns>A task that completes when it is registered.</returns>
    [Alias("RegisterAsync")]
    Task RegisterAsync(string node, INodeAgent agent);

    /// <summary>Removes a node's agent (the node is stopping).</summary>
    /// <param name="node">The node's silo address.</param>
    /// <returns>A task that completes when it is removed.</returns>
    [Alias("UnregisterAsync")]
    Task UnregisterAsync(string node);

    /// <summary>The registered nodes' addresses: the Gateways.</summary>
    /// <returns>The addresses, ordered.</returns>
    [Alias("ListAsync")]
    Task<ImmutableArray<string>> ListAsync();

    /// <summary>Flushes every node's usage queue.</summary>
    /// <param name="timeout">How long each node waits for its queue to drain.</param>
    /// <returns>One answer per node, by node address.</returns>
    [Alias("FlushLedgersAsync")]
    Task<ImmutableArray<NodeAnswer<LedgerFlush>>> FlushLedgersAsync(TimeSpan timeout);

    /// <summary>Every node's cache counters.</summary>
    /// <returns>One answer per node, by node address.</returns>
    [Alias("GetCacheStatsAsync")]
    Task<ImmutableArray<NodeAnswer<CacheStats>>> GetCacheStatsAsync();
}
