using System.Text.Json;
using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Keys;

/// <summary>A sub-account key as the management API shows it; <c>key</c> only when it was just issued.</summary>
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
    JsonElement? Limits,
    JsonElement? Budget,
    decimal PriceMultiplier,
    string Status,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null)
{
    public static KeyResponse From(AccessKeyRecord record, string? key = null, string? note = null)
    {
        var policy = record.EffectivePolicy;
        return new(record.KeyId, record.Name, record.ParentKeyId, policy.Pools, policy.Models, policy.Endpoints, policy.Ips, record.ExpiresAt,
            record.Manage, Parse(policy.Limits), Parse(policy.Budget), policy.PriceMultiplier ?? 1m, record.Status == AccessKeyStatus.Active ? "active" : "revoked", record.CreatedAt, key, note);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
