namespace XaiRouter.Gateway.Settings;

/// <summary>A tenant's settings.</summary>
internal sealed record SettingsResponse(ImmutableDictionary<string, string> ModelAliases);
