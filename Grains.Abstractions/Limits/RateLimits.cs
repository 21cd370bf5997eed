using System.Text.Json.Serialization;

namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>
/// The <c>limits</c> of a key or a provider key: requests and tokens per minute, hour and day, requests in flight,
/// and the same per model (exact names or prefixes ending in <c>*</c>). A <see langword="null"/> field is no limit.
/// </summary>
/// <remarks>Shown in the management API as sent, with absent limits left out.</remarks>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.RateLimits")]
public sealed record RateLimits(
    [property: Id(0), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Rpm = null,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Rph = null,
    [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Rpd = null,
    [property: Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Tpm = null,
    [property: Id(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Tph = null,
    [property: Id(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Tpd = null,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Concurrency = null,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableDictionary<string, RateLimits>? PerModel = null)
{
    /// <summary>Whether any request-count window is set.</summary>
    [JsonIgnore]
    public bool LimitsRequests => Rpm is not null || Rph is not null || Rpd is not null;

    /// <summary>Whether any token window is set.</summary>
    [JsonIgnore]
    public bool LimitsTokens => Tpm is not null || Tph is not null || Tpd is not null;

    /// <summary>Whether this scope limits anything itself (per-model entries are scopes of their own).</summary>
    [JsonIgnore]
    public bool LimitsAnything => LimitsRequests || LimitsTokens || Concurrency is not null;

    /// <summary>These limits without the per-model entries: what one scope enforces.</summary>
    [JsonIgnore]
    public RateLimits Own => PerModel is null ? this : this with { PerModel = null };
}
