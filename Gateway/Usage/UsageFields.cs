using System.Text.Json.Serialization;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// The counted fields of a usage total or row and, on a row, the values of its grouping dimensions (each present only
/// when the report is grouped by it; <see cref="UsageRowJson"/> writes the names, null included, on the rows grouped
/// by key or provider key).
/// </summary>
internal sealed record UsageFields(
    long Requests,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long ReasoningTokens,
    decimal CostUsd,
    long EstimatedRequests,
    long CacheWriteTokens = 0,
    long Errors = 0)
{
    public static readonly UsageFields Zero = new(0, 0, 0, 0, 0, 0m, 0);

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-2)]
    public string? Group { get; init; }

    /// <summary>The UTC day, <c>yyyy-MM-dd</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? Day { get; init; }

    /// <summary>The UTC hour's start, <c>yyyy-MM-ddTHH:00:00Z</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? Hour { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? Model { get; init; }

    /// <summary>The access key's id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? Key { get; init; }

    /// <summary>The access key's name; null when it no longer exists (written on rows grouped by key only).</summary>
    [JsonPropertyOrder(-1)]
    public string? KeyName { get; init; }

    /// <summary>The provider key's id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? ProviderKey { get; init; }

    /// <summary>The provider key's name; null when it no longer exists or the caller may not see it (rows grouped by provider key only).</summary>
    [JsonPropertyOrder(-1)]
    public string? ProviderKeyName { get; init; }

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
        Errors = UsageBounds.AddCount(Errors, totals.Errors),
    };
}
