namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// A fake provider on loopback, the Gateway on a real socket, and a tenant whose provider key points at the fake,
/// shared by the forwarding tests.
/// </summary>
public sealed class ForwardingFixture : IAsyncLifetime
{
    public const string ProviderKey = "sk-upstream-provider-key-0123456789";
    public const long MaxBody = 64 * 1024;

    public FakeUpstream Upstream { get; private set; } = null!;

    public GatewayFactory Gateway { get; } = new() { RealSockets = true, Settings = { ["Upstream:MaxRequestBodySize"] = MaxBody.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    public Uri GatewayAddress { get; private set; } = null!;

    public TenantSession Tenant { get; private set; } = null!;

    public string ProviderKeyId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        GatewayAddress = Gateway.Start();
        Tenant = await TenantSession.CreateAsync(Gateway, "forwarding");
        ProviderKeyId = await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "text-embedding-3-small"]);

        // The fault models get provider keys of their own, so the cooldown a 429 or a dropped stream earns stays off the main key.
        await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, ["upstream-429"]);
        await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, ["upstream-abort"]);
        (await Tenant.Client.PutAsJsonAsync("/x/settings", new { model_aliases = new Dictionary<string, string> { ["fast"] = "gpt-4o-mini", ["legacy-*"] = "gpt-4.1" } })).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
