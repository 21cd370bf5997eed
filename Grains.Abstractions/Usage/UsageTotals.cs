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
    /// <summary>Adds one settled request.</summary>
    public UsageTotals Add(UsageRecord record) => this with
    {
        Requests = Requests + 1,
        InputTokens = InputTokens + record.InputTokens,
        CachedInputTokens = CachedInputTokens + record.CachedInputTokens,
        OutputTokens = OutputTokens + record.OutputTokens,
        ReasoningTokens = ReasoningTokens + record.ReasoningTokens,
        CostUsd = CostUsd + record.CostUsd,
        EstimatedRequests = EstimatedRequests + (record.Estimated ? 1 : 0),
        CacheWriteTokens = CacheWriteTokens + record.CacheWriteTokens,
    };
}
