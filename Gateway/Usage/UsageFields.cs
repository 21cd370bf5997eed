using System.Text.Json.Serialization;

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

    public UsageFields Add(XaiRouter.Grains.Abstractions.Usage.UsageTotals totals) => this with
    {
        Requests = Requests + totals.Requests,
        InputTokens = InputTokens + totals.InputTokens,
        CachedInputTokens = CachedInputTokens + totals.CachedInputTokens,
        OutputTokens = OutputTokens + totals.OutputTokens,
        ReasoningTokens = ReasoningTokens + totals.ReasoningTokens,
        CostUsd = CostUsd + totals.CostUsd,
        EstimatedRequests = EstimatedRequests + totals.EstimatedRequests,
        CacheWriteTokens = CacheWriteTokens + totals.CacheWriteTokens,
    };
}
