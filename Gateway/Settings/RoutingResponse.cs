namespace XaiRouter.Gateway.Settings;

/// <summary>The <c>routing</c> section of the settings.</summary>
internal sealed record RoutingResponse(RoutingStrategy Strategy, ImmutableDictionary<string, RoutingStrategy> PerModel);
