namespace XaiRouter.Grains.Abstractions.Health;

/// <summary>A provider key's health as the router and <c>GET /x/provider-keys</c> see it.</summary>
/// <param name="State">The circuit.</param>
/// <param name="ErrorRate">Failures among the last outcomes (0 to 1).</param>
/// <param name="LatencyMs">EWMA of the time to first byte; null before the first answer.</param>
/// <param name="CooldownUntil">No traffic before this time (open circuit, cooldown, misconfigured).</param>
/// <param name="ConsecutiveFailures">Failures since the last success.</param>
/// <param name="Models">The circuits of single models of the key that are not closed (the key's own is above); null when none.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.ProviderHealth")]
public sealed record ProviderHealth(
    [property: Id(0)] CircuitState State,
    [property: Id(1)] double ErrorRate,
    [property: Id(2)] double? LatencyMs,
    [property: Id(3)] DateTimeOffset? CooldownUntil,
    [property: Id(4)] int ConsecutiveFailures,
    [property: Id(5)] ImmutableDictionary<string, ProviderHealth>? Models = null)
{
    /// <summary>A key never used.</summary>
    public static readonly ProviderHealth Unknown = new(CircuitState.Closed, 0, null, null, 0);
}
