namespace XaiRouter.Gateway.Hosting;

/// <summary>The validated settings only the Gateway uses.</summary>
internal sealed record GatewaySettings(OperatorOptions Operator, UpstreamOptions Upstream, VaultOptions Vault, AuthOptions Auth, NetworkOptions Network, XaiRouter.Gateway.Limits.LimitsOptions Limits, XaiRouter.Gateway.Routing.RoutingOptions Routing, XaiRouter.Gateway.Tenants.TenantsOptions Tenants, XaiRouter.Gateway.Translation.TranslationOptions Translation)
{
    /// <summary>Where the Gateway listens when <c>Urls</c> is not configured.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static GatewaySettings Read(ConfigurationReader reader) => new(
        reader.Read(OperatorOptions.SectionName, new OperatorOptionsValidator()),
        reader.Read(UpstreamOptions.SectionName, new UpstreamOptionsValidator()),
        reader.Read(VaultOptions.SectionName, new VaultOptionsValidator()),
        reader.Read(AuthOptions.SectionName, new AuthOptionsValidator()),
        reader.Read(NetworkOptions.SectionName, new NetworkOptionsValidator()),
        reader.Read(XaiRouter.Gateway.Limits.LimitsOptions.SectionName, new XaiRouter.Gateway.Limits.LimitsOptionsValidator()),
        reader.Read(XaiRouter.Gateway.Routing.RoutingOptions.SectionName, new XaiRouter.Gateway.Routing.RoutingOptionsValidator()),
        reader.Read(XaiRouter.Gateway.Tenants.TenantsOptions.SectionName, new XaiRouter.Gateway.Tenants.TenantsOptionsValidator()),
        reader.Read(XaiRouter.Gateway.Translation.TranslationOptions.SectionName, new XaiRouter.Gateway.Translation.TranslationOptionsValidator()));
}
