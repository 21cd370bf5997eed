namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>Aggregated usage of one group (a key, model and provider key on one day, or in one hour).</summary>
/// <param name="KeyId">The access key.</param>
/// <param name="Model">The model; empty for the router's own refusals (see <see cref="Add"/>).</param>
/// <param name="ProviderKeyId">The provider key; empty for the router's own refusals.</param>
/// <param name="Requests">Requests an upstream answered (whatever the status).</param>
/// <param name="InputTokens">Input tokens, cached ones and cache writes included.</param>
/// <param name="CachedInputTokens">Input tokens served from the provider's cache.</param>
/// <param name="OutputTokens">Output tokens, reasoning ones included.</param>
/// <param name="ReasoningTokens">Reasoning tokens.</param>
/// <param name="CostUsd">The cost in USD.</param>
/// <param name="EstimatedRequests">Requests whose counts are the router's estimate.</param>
/// <param name="CacheWriteTokens">Input tokens written to the provider's prompt cache.</param>
/// <param name="Errors">Requests the router refused itself plus served requests answered with a status of 400 or more.</param>
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
    [property: Id(10)] long CacheWriteTokens = 0,
    [property: Id(11)] long Errors = 0)
{
    /// <summary>The status from which an answer counts as an error.</summary>
    public const int ErrorStatus = 400;

    /// <summary>
    /// Adds one request. A refusal of the router's own (<see cref="UsageRecord.Error"/> set) counts as an error only,
    /// never in <see cref="Requests"/>, tokens or cost; a served one counts in every sum, and as an error too when its
    /// status is <see cref="ErrorStatus"/> or more. Every sum saturates (<see cref="UsageBounds"/>), so a batch's sums
    /// are always storable.
    /// </summary>
    public UsageTotals Add(UsageRecord record) => record.Error is not null ? this with { Errors = UsageBounds.AddCount(Errors, 1) } : this with
    {
        Errors = UsageBounds.AddCount(Errors, record.Status >= ErrorStatus ? 1 : 0),
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
