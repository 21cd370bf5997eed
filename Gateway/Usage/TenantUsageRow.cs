using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// One row of <c>GET /admin/usage</c>: a tenant's totals (for a day when grouped by day), for chargeback. Counts and
/// cost only: never a key, a model or anything else of the tenant's.
/// </summary>
internal sealed record TenantUsageRow(
    string TenantId,
    string? TenantName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Day,
    long Requests,
    long Errors,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long ReasoningTokens,
    long CacheWriteTokens,
    decimal CostUsd)
{
    public static TenantUsageRow From(string tenantId, string? tenantName, string? day, UsageFields sums) => new(
        tenantId, tenantName, day, sums.Requests, sums.Errors, sums.InputTokens, sums.CachedInputTokens, sums.OutputTokens, sums.ReasoningTokens,
        sums.CacheWriteTokens, sums.CostUsd);
}
