using Microsoft.Extensions.Logging;
using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Grains.Admin;

/// <inheritdoc cref="INodeAgentRegistryGrain"/>
/// <remarks>
/// In memory only: an observer reference is worth nothing after its node restarts, and every node registers again
/// within <see cref="INodeAgentRegistryGrain.RefreshInterval"/>. A node that does not answer is dropped from the
/// registry (and answers with its error), so a dead node is listed once and then forgotten until it registers again.
/// </remarks>
internal sealed partial class NodeAgentRegistryGrain(ILogger<NodeAgentRegistryGrain> logger) : Grain, INodeAgentRegistryGrain
{
    /// <summary>How long one node has to answer a read; a flush gets its own timeout on top.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, INodeAgent> _agents = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task RegisterAsync(string node, INodeAgent agent)
    {
        _agents[node] = agent;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task UnregisterAsync(string node)
    {
        _agents.Remove(node);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult<ImmutableArray<string>>([.. _agents.Keys.Order(StringComparer.Ordinal)]);

    /// <inheritdoc/>
    public Task<ImmutableArray<NodeAnswer<LedgerFlush>>> FlushLedgersAsync(TimeSpan timeout) =>
        AskEveryNodeAsync(agent => agent.FlushLedgerAsync(timeout), AnswerTimeout + timeout);

    /// <inheritdoc/>
    public Task<ImmutableArray<NodeAnswer<CacheStats>>> GetCacheStatsAsync() =>
        AskEveryNodeAsync(static agent => agent.GetCacheStatsAsync(), AnswerTimeout);

    private async Task<ImmutableArray<NodeAnswer<T>>> AskEveryNodeAsync<T>(Func<INodeAgent, Task<T>> ask, TimeSpan timeout)
        where T : class
    {
        var calls = _agents.OrderBy(static a => a.Key, StringComparer.Ordinal)
            .Select(async a =>
            {
                try
                {
                    return new NodeAnswer<T>(a.Key, await ask(a.Value).WaitAsync(timeout), null);
                }
                catch (Exception exception)
                {
                    return new NodeAnswer<T>(a.Key, null, $"{exception.GetType().Name}: {exception.Message}");
                }
            })
            .ToList();
        var answers = await Task.WhenAll(calls);
        foreach (var failed in answers.Where(static a => a.Error is not null))
        {
            _agents.Remove(failed.Node);
            LogNodeDropped(logger, failed.Node, failed.Error!);
        }

        return [.. answers];
    }

    [LoggerMessage(EventId = EventIds.NodeAgentDropped, EventName = nameof(EventIds.NodeAgentDropped), Level = LogLevel.Warning,
        Message = "Node {Node} did not answer the operator tooling ({Error}); it is listed again when it registers")]
    private static partial void LogNodeDropped(ILogger logger, string node, string error);
}
