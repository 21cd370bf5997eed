using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// One record of <c>GET /x/requests</c>: every field of <see cref="UsageRecord"/> under its own name, as before, then
/// <c>ttfb_ms</c> (the same as <c>time_to_first_byte_ms</c>, under the short name the console's contract uses) and the
/// key's and provider key's names where known (null for a deleted key, one the caller may not see, or none: a refusal
/// has no provider key).
/// </summary>
internal sealed record RequestLogRow(
    string RequestId,
    string TenantId,
    string KeyId,
    string Model,
    string ProviderKeyId,
    DateTimeOffset At,
    int Status,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long ReasoningTokens,
    bool Estimated,
    decimal CostUsd,
    long LatencyMs,
    long? TimeToFirstByteMs,
    bool BudgetWarning,
    bool UsageInvalid,
    bool Unpriced,
    string? Error,
    long CacheWriteTokens,
    long? TtfbMs,
    string? KeyName,
    string? ProviderKeyName)
{
    public static RequestLogRow From(UsageRecord r, UsageNames names) => new(
        r.RequestId, r.TenantId, r.KeyId, r.Model, r.ProviderKeyId, r.At, r.Status, r.InputTokens, r.CachedInputTokens, r.OutputTokens,
        r.ReasoningTokens, r.Estimated, r.CostUsd, r.LatencyMs, r.TimeToFirstByteMs, r.BudgetWarning, r.UsageInvalid, r.Unpriced, r.Error,
        r.CacheWriteTokens, r.TimeToFirstByteMs, names.KeyName(r.KeyId), names.ProviderKeyName(r.ProviderKeyId));
}
