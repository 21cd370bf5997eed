namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>One settled request: who, what, how many tokens, what it cost. No prompt or completion content.</summary>
/// <param name="RequestId">The request id (<c>x-request-id</c>), the ledger's exactly-once key.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="KeyId">The access key that made the request.</param>
/// <param name="Model">The model after alias resolution.</param>
/// <param name="ProviderKeyId">The provider key that served it.</param>
/// <param name="At">When the request started (UTC); its day picks the ledger.</param>
/// <param name="Status">The HTTP status the client got.</param>
/// <param name="InputTokens">Input tokens, cached ones and cache writes included.</param>
/// <param name="CachedInputTokens">Input tokens served from the provider's cache.</param>
/// <param name="OutputTokens">Output tokens, reasoning ones included.</param>
/// <param name="ReasoningTokens">Reasoning tokens.</param>
/// <param name="Estimated">The upstream reported no usage; the counts are an estimate.</param>
/// <param name="CostUsd">The cost in USD, computed in decimal.</param>
/// <param name="LatencyMs">Time to the end of the answer.</param>
/// <param name="TimeToFirstByteMs">Time to the first byte of the answer's body, if one came.</param>
/// <param name="BudgetWarning">Served over a soft monthly budget.</param>
/// <param name="UsageInvalid">
/// The upstream reported usage that could not be true (negative, not a whole number, beyond what the request could
/// produce); the counts are the router's estimate instead (<paramref name="Estimated"/> is set too).
/// </param>
/// <param name="Unpriced">The model had no price (neither the tenant's nor the built-in table's): it cost nothing.</param>
/// <param name="Error">
/// For a request the router refused itself (401 for a key id of this tenant, 403, 404, 429...): the error code it
/// answered; such a record counts in the request log only, never in usage totals. Null for a request an upstream
/// answered.
/// </param>
/// <param name="CacheWriteTokens">Input tokens written to the provider's prompt cache (Anthropic's cache creation), part of <paramref name="InputTokens"/>.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.UsageRecord")]
public sealed record UsageRecord(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string KeyId,
    [property: Id(3)] string Model,
    [property: Id(4)] string ProviderKeyId,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] int Status,
    [property: Id(7)] long InputTokens,
    [property: Id(8)] long CachedInputTokens,
    [property: Id(9)] long OutputTokens,
    [property: Id(10)] long ReasoningTokens,
    [property: Id(11)] bool Estimated,
    [property: Id(12)] decimal CostUsd,
    [property: Id(13)] long LatencyMs,
    [property: Id(14)] long? TimeToFirstByteMs = null,
    [property: Id(15)] bool BudgetWarning = false,
    [property: Id(16)] bool UsageInvalid = false,
    [property: Id(17)] bool Unpriced = false,
    [property: Id(20)] string? Error = null,
    [property: Id(21)] long CacheWriteTokens = 0);
