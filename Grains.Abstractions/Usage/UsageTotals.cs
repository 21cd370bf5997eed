namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>Aggregated usage of one group (a key, model and provider key on one day).</summary>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.UsageTotals")]
public sealed record UsageTotals(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Model,
    [property: Id(2)] string ProviderKeyId,
    [property: Id(3)] long Requests,
    [property: Id(4)] long InputTokens,
    [property: Id(5)] long CachedInputTokens,
    [property: Id(6)] long OutputTokens,
    [property: Id(7)] long ReasoningTokens,
    [property: Id(8)] decimal CostUsd,
    [property: Id(9)] long EstimatedRequests,
    [property: Id(10)] long CacheWriteTokens = 0)
{
    /// <summary>Adds one settled request; every sum saturates (<see cref="UsageBounds"/>), so a batch's sums are always storable.</summary>
    public UsageTotals Add(UsageRecord record) => this with
    {
        Requests = UsageBounds.AddCount(Requests, 1),
        InputTokens = UsageBounds.AddCount(InputTokens, record.InputTokens),
        CachedInputTokens = UsageBounds.AddCount(CachedInputTokens, record.CachedInputTokens),
        OutputTokens = UsageBounds.AddCount(OutputTokens, record.OutputTokens),
        ReasoningTokens = UsageBounds.AddCount(ReasoningTokens, record.ReasoningTokens),
        CostUsd = UsageBounds.AddCost(CostUsd, record.CostUsd),
        EstimatedRequests = UsageBounds.AddCount(EstimatedRequests, record.Estimated ? 1 : 0),
        CacheWriteTokens = UsageBounds.AddCount(CacheWriteTokens, record.CacheWriteTokens),
    };
}
