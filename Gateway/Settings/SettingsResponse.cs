namespace XaiRouter.Gateway.Settings;

/// <summary>A tenant's settings.</summary>
internal sealed record SettingsResponse(
    ImmutableDictionary<string, string> ModelAliases,
    RoutingResponse Routing,
    ImmutableDictionary<string, ImmutableArray<string>> Fallbacks,
    bool AllowUnpricedModels)
{
    public static SettingsResponse From(TenantVault? vault)
    {
        var routing = vault?.Routing ?? RoutingSettings.Default;
        return new(vault?.ModelAliases ?? ImmutableDictionary<string, string>.Empty, new RoutingResponse(routing.Strategy, routing.PerModel), routing.Fallbacks,
            vault?.AllowUnpricedModels ?? false);
    }
}
