namespace XaiRouter.Gateway.Settings;

/// <summary>Body of <c>PUT /x/settings</c>; absent sections stay as they are.</summary>
internal sealed record SettingsRequest(
    Dictionary<string, string?>? ModelAliases,
    RoutingRequest? Routing = null,
    Dictionary<string, List<string?>?>? Fallbacks = null,
    bool? AllowUnpricedModels = null);
