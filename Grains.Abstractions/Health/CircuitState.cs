using System.Text.Json.Serialization;

namespace XaiRouter.Grains.Abstractions.Health;

/// <summary>Whether the router sends a provider key traffic.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CircuitState>))]
public enum CircuitState
{
    /// <summary>Healthy: routed normally.</summary>
    [JsonStringEnumMemberName("healthy")]
    Closed,

    /// <summary>Failing: no traffic until the cooldown ends.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>The cooldown ended: one probe request at a time decides.</summary>
    [JsonStringEnumMemberName("half_open")]
    HalfOpen,

    /// <summary>The upstream asked to wait (429 with <c>Retry-After</c>).</summary>
    [JsonStringEnumMemberName("cooldown")]
    Cooldown,

    /// <summary>The upstream refused the key itself (401/403): a long cooldown, until the key is changed.</summary>
    [JsonStringEnumMemberName("misconfigured")]
    Misconfigured,
}
