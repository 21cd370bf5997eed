using System.Text.Json.Serialization;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>The counted fields of a usage total or row.</summary>
internal sealed record UsageFields(
    long Requests,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long ReasoningTokens,
    decimal CostUsd,
    long EstimatedRequests,
    long CacheWriteTokens = 0)
{
    public static readonly UsageFields Zero = new(0, 0, 0, 0, 0, 0m, 0);

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? Group { get; init; }

    /// <summary>Adds a totals row; the sums saturate as the ledger's own do (<see cref="UsageBounds"/>), so a report never overflows.</summary>
    public UsageFields Add(UsageTotals totals) => this with
    {
        Requests = UsageBounds.AddCount(Requests, totals.Requests),
        InputTokens = UsageBounds.AddCount(InputTokens, totals.InputTokens),
        CachedInputTokens = UsageBounds.AddCount(CachedInputTokens, totals.CachedInputTokens),
        OutputTokens = UsageBounds.AddCount(OutputTokens, totals.OutputTokens),
        ReasoningTokens = UsageBounds.AddCount(ReasoningTokens, totals.ReasoningTokens),
        CostUsd = UsageBounds.AddCost(CostUsd, totals.CostUsd),
        EstimatedRequests = UsageBounds.AddCount(EstimatedRequests, totals.EstimatedRequests),
        CacheWriteTokens = UsageBounds.AddCount(CacheWriteTokens, totals.CacheWriteTokens),
    };
}
