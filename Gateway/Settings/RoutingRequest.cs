namespace XaiRouter.Gateway.Settings;

/// <summary>The <c>routing</c> section of <c>PUT /x/settings</c>.</summary>
internal sealed record RoutingRequest(string? Strategy, Dictionary<string, string?>? PerModel);
