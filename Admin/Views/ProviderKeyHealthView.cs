namespace XaiRouter.Admin.Views;

/// <summary>A row of <c>health</c>: a provider key and its circuit.</summary>
internal sealed record ProviderKeyHealthView(string ProviderKeyId, string Name, HealthView Health);
