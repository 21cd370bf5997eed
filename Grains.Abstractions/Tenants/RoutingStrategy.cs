using System.Text.Json.Serialization;

namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>How the router orders a model's healthy candidates.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoutingStrategy>))]
public enum RoutingStrategy
{
    /// <summary>Lowest priority tier first; weighted random inside a tier.</summary>
    [JsonStringEnumMemberName("priority-weighted")]
    PriorityWeighted,

    /// <summary>Lowest EWMA time to first byte, with power-of-two-choices against herding.</summary>
    [JsonStringEnumMemberName("least-latency")]
    LeastLatency,

    /// <summary>Fewest requests in flight.</summary>
    [JsonStringEnumMemberName("least-busy")]
    LeastBusy,

    /// <summary>Lowest price in the price table.</summary>
    [JsonStringEnumMemberName("lowest-cost")]
    LowestCost,
}
