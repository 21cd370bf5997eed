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
        ProviderKeyId = await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "text-embedding-3-small", UnlimitedRouterHeadersModel]);

        // The fault models get provider keys of their own, so the cooldown a 429 or a dropped stream earns stays off the main key.
        await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, ["upstream-429"]);
        await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, ["upstream-abort"]);
        // Header hygiene (issue 15): a key with no account, one whose account headers are its own settings, one the
        // router limits (so its x-ratelimit-* headers are set), and an anthropic one.
        OrganizationCheckedKeyId = await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, [FakeUpstream.OrganizationCheckedModel]);
        AccountKeyId = await AddProviderKeyAsync(new
        {
            name = "account", provider = "openai", base_url = Upstream.BaseUrl, api_key = ProviderKey, models = new[] { AccountModel },
            organization = KeyOrganization, project = KeyProject,
        });
        RouterHeadersKeyId = await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, [FakeUpstream.RouterHeadersModel], limits: new { rpm = RouterHeadersRpm });
        await AddProviderKeyAsync(new { name = "anthropic", provider = "anthropic", base_url = Upstream.BaseUrl, api_key = ProviderKey, models = new[] { AnthropicModel } });
        (await Tenant.Client.PutAsJsonAsync("/x/settings", new { model_aliases = new Dictionary<string, string> { ["fast"] = "gpt-4o-mini", ["legacy-*"] = "gpt-4.1" } })).EnsureSuccessStatusCode();
    }

    /// <summary>Served by the main key, which has no limits: the router sets no rate-limit headers of its own.</summary>
    public const string UnlimitedRouterHeadersModel = FakeUpstream.RouterHeadersModel + "-unlimited";

    public const string AccountModel = "account-echo";
    public const string AnthropicModel = "anthropic-echo";
    public const string KeyOrganization = "org-of-the-provider-key";
    public const string KeyProject = "proj_of_the_provider_key";
    public const int RouterHeadersRpm = 100000;

    public string OrganizationCheckedKeyId { get; private set; } = "";

    public string AccountKeyId { get; private set; } = "";

    public string RouterHeadersKeyId { get; private set; } = "";

    private async Task<string> AddProviderKeyAsync(object body)
    {
        using var response = await Tenant.Client.PostAsJsonAsync("/x/provider-keys", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
