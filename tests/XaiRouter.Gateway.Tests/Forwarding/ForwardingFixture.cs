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
        using var response = await Tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "fake",
            provider = "openai",
            base_url = Upstream.BaseUrl,
            api_key = ProviderKey,
            models = new[] { "gpt-4o", "gpt-4o-mini", "gpt-4.1", "text-embedding-3-small", "upstream-429", "upstream-abort" },
        });
        response.EnsureSuccessStatusCode();
        ProviderKeyId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await Tenant.Client.PutAsJsonAsync("/x/settings", new { model_aliases = new Dictionary<string, string> { ["fast"] = "gpt-4o-mini", ["legacy-*"] = "gpt-4.1" } })).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
