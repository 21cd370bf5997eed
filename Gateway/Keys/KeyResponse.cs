using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Keys;

/// <summary>
/// A sub-account key as the management API shows it; <c>key</c> only when it was just issued, <c>budget_status</c>
/// (spent and left) when one key with a budget is read; <c>kind</c>: <c>root</c>, <c>sub</c> or <c>session</c> (a console
/// session opened with the passphrase).
/// </summary>
internal sealed record KeyResponse(
    string Id,
    string Name,
    string? ParentId,
    ImmutableArray<string>? Pools,
    ImmutableArray<string>? Models,
    ImmutableArray<string>? Endpoints,
    ImmutableArray<string>? Ips,
    DateTimeOffset? ExpiresAt,
    bool Manage,
    RateLimits? Limits,
    BudgetPolicy? Budget,
    decimal PriceMultiplier,
    string Status,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BudgetStatus? BudgetStatus = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null,
    bool TenantAdmin = false,
    string Kind = "sub")
{
    public static KeyResponse From(AccessKeyRecord record, string? key = null, string? note = null, BudgetStatus? budgetStatus = null)
    {
        var policy = record.EffectivePolicy;
        return new(record.KeyId, record.Name, record.ParentKeyId, policy.Pools, policy.Models, policy.Endpoints, policy.Ips, record.ExpiresAt,
            record.Manage, policy.Limits, policy.Budget, policy.PriceMultiplier ?? 1m, record.Status == AccessKeyStatus.Active ? "active" : "revoked", record.CreatedAt, budgetStatus, key, note,
            policy.TenantAdmin, KindName(record.Kind));
    }

    private static string KindName(AccessKeyKind kind) => kind switch
    {
        AccessKeyKind.Root => "root",
        AccessKeyKind.Session => "session",
        AccessKeyKind.Passphrase => "passphrase",
        _ => "sub",
    };
}
