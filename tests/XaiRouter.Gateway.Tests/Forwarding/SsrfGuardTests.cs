using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>With the guard on (the default), internal upstreams are refused when stored and when connected to.</summary>
public sealed class SsrfGuardTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new() { Settings = { ["Upstream:AllowPrivateNetworks"] = "false" } };
    private FakeUpstream _upstream = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://127.0.0.1:9/v1")]
    [InlineData("http://10.0.0.1/v1")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://[::1]:9/v1")]
    [InlineData("http://localhost:9/v1")]
    [InlineData("http://[::ffff:127.0.0.1]:9/v1")]
    public async Task StoreProviderKey_InternalBaseUrl_Is400(string baseUrl)
    {
        using var tenant = await TenantSession.CreateAsync(_factory);

        using var response = await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "internal", provider = "openai", base_url = baseUrl, api_key = "sk-ssrf-test-key-01", models = new[] { "gpt-4o" },
        }, Cancellation);
        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString();
        Assert.Contains("'base_url' is refused", detail, StringComparison.Ordinal);
        Assert.Contains("Upstream:AllowPrivateNetworks", detail, StringComparison.Ordinal);
        Assert.Empty(list.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Forward_RecordPointingAtLoopback_IsRefusedAtConnectTime()
    {
        using var tenant = await TenantSession.CreateAsync(_factory);
        var created = await CreateAllowedKeyAsync(tenant);

        // The record is changed behind the API's back, as a DNS answer could change after the check when stored
        // (re-sealed bound to the new URL, so that the connect-time guard, not the destination binding, refuses it).
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var grain = grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(tenant.Id, created));
        var record = await grain.GetAsync();
        await grain.SaveAsync(await ProviderKeys.Tests.StoredProviderKeys.SealBoundAsync(_factory, tenant, record! with { BaseUrl = _upstream.BaseUrl }, "sk-ssrf-test-key-02"));
        await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).TouchProviderKeysAsync();
        _factory.Services.GetRequiredService<XaiRouter.Gateway.Security.RecordCache>().InvalidateAll();
        var before = _upstream.Requests.Count;

        using var response = await tenant.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() }, Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        Assert.Contains("Upstream:AllowPrivateNetworks", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _upstream.Requests.Count);
    }

    public async ValueTask InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    /// <summary>A provider key with a public-looking base URL that is never called (the test rewrites it).</summary>
    private static async Task<string> CreateAllowedKeyAsync(TenantSession tenant)
    {
        using var response = await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "public", provider = "openai", base_url = "https://203.0.113.10/v1", api_key = "sk-ssrf-test-key-02", models = new[] { "gpt-4o" },
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }
}
