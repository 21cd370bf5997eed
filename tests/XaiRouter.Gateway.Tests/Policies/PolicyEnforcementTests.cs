using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions;

namespace XaiRouter.Gateway.Policies.Tests;

/// <summary>Sub-account policies enforced on <c>/v1</c> requests, with a real upstream on loopback.</summary>
public sealed class PolicyEnforcementTests : IAsyncLifetime
{
    private const string TrustedProxy = "192.0.2.10";

    private readonly GatewayFactory _factory = new() { Settings = { ["Network:TrustedProxies:0"] = TrustedProxy } };
    private FakeUpstream _upstream = null!;
    private TenantSession _tenant = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PoolScope_SubKeyWithoutPoolB_CannotUseOrDecryptItsProviderKeys()
    {
        (await _tenant.Client.PostAsJsonAsync("/x/pools", new { name = "b" }, Cancellation)).EnsureSuccessStatusCode();
        var inB = await ProviderKeyAsync("sk-pool-b-secret-0001", "b", "model-b");
        var key = await SubKeyAsync(new { pools = new[] { "default" } });
        using var client = _factory.CreateClientWithKey(key);

        using var refused = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "model-b", messages = Array.Empty<object>() }, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        // Cryptographic, not only policy: the key's KEK opens no slot for pool b, whatever the policy says.
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var vault = _factory.Services.GetRequiredService<KeyVault>();
        var secret = new byte[32];
        Assert.True(AccessKeyFormat.TryParse(key, secret, out var keyId));
        var credential = (await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId!)).GetAsync())!;
        var record = (await grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(_tenant.Id, inB)).GetAsync())!;
        Assert.DoesNotContain(credential.Slots, s => s.Pool == "b");
        Assert.Null(vault.Unlock(credential with { Policy = null }, secret, record));
        using var unlocked = vault.Verify(credential, secret)!;
        Assert.Null(unlocked.OpenPoolKey("b", 1));
    }

    [Theory]
    [InlineData("gpt-4o-mini", HttpStatusCode.OK)]
    [InlineData("gpt-4.1", HttpStatusCode.Forbidden)]
    [InlineData("fast", HttpStatusCode.OK)]
    public async Task ModelPatterns_AreCheckedAfterAliasResolution(string model, HttpStatusCode expected)
    {
        using var client = _factory.CreateClientWithKey(await SubKeyAsync(new { models = new[] { "gpt-4o*" } }));

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = Array.Empty<object>() }, Cancellation);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");
            Assert.Equal("permission_denied", error.GetProperty("code").GetString());
            Assert.Contains("model", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Endpoints_OnlyListedOnesAreAllowed()
    {
        using var client = _factory.CreateClientWithKey(await SubKeyAsync(new { endpoints = new[] { "chat" } }));

        using var chat = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() }, Cancellation);
        using var embeddings = await client.PostAsJsonAsync("/v1/embeddings", new { model = "gpt-4o", input = "x" }, Cancellation);
        using var models = await client.GetAsync("/v1/models", Cancellation);

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, embeddings.StatusCode);
        Assert.Contains("'embeddings' endpoint", (await embeddings.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, models.StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.77", null, HttpStatusCode.OK)]
    [InlineData("203.0.113.0/24", "198.51.100.1", null, HttpStatusCode.Forbidden)]
    [InlineData("2001:db8::/32", "2001:db8:5::1", null, HttpStatusCode.OK)]
    [InlineData("2001:db8::/32", "2001:db9::1", null, HttpStatusCode.Forbidden)]
    [InlineData("203.0.113.0/24", "198.51.100.1", "203.0.113.77", HttpStatusCode.Forbidden)]
    [InlineData("203.0.113.0/24", TrustedProxy, "203.0.113.77", HttpStatusCode.OK)]
    [InlineData("203.0.113.0/24", TrustedProxy, "198.51.100.1, 203.0.113.77", HttpStatusCode.OK)]
    [InlineData("203.0.113.0/24", TrustedProxy, "203.0.113.77, 198.51.100.1", HttpStatusCode.Forbidden)]
    public async Task ClientAddress_RangesAndForwardedFor(string range, string peer, string? forwardedFor, HttpStatusCode expected)
    {
        using var client = _factory.CreateClientWithKey(await SubKeyAsync(new { ips = new[] { range } }), peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.GetAsync("/v1/models", Cancellation);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task ThreeLevels_NarrowingTheMiddleKeyLater_AppliesToTheLeaf()
    {
        var middle = await SubKeysApiTests.CreateKeyAsync(_tenant.Client, new { manage = true, models = new[] { "gpt-4o*" } });
        using var middleClient = _factory.CreateClientWithKey(middle.GetProperty("key").GetString()!);
        var leaf = await SubKeysApiTests.CreateKeyAsync(middleClient, new { models = new[] { "gpt-4o*" } });
        using var leafClient = _factory.CreateClientWithKey(leaf.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await leafClient.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() }, Cancellation)).StatusCode);

        (await _tenant.Client.PatchAsJsonAsync($"/x/keys/{middle.GetProperty("id").GetString()}", new { models = new[] { "gpt-4o-mini" } }, Cancellation)).EnsureSuccessStatusCode();
        using var narrowed = await leafClient.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() }, Cancellation);
        using var stillAllowed = await leafClient.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", messages = Array.Empty<object>() }, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, narrowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillAllowed.StatusCode);
    }

    [Fact]
    public async Task ExpiredKeyOrExpiredAncestor_Is401()
    {
        var middle = await SubKeysApiTests.CreateKeyAsync(_tenant.Client, new { manage = true });
        using var middleClient = _factory.CreateClientWithKey(middle.GetProperty("key").GetString()!);
        var leaf = await SubKeysApiTests.CreateKeyAsync(middleClient, new { });
        using var leafClient = _factory.CreateClientWithKey(leaf.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await leafClient.GetAsync("/v1/models", Cancellation)).StatusCode);

        // Expiry is in the past only through the grain: the API refuses to set one.
        var grain = _factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(middle.GetProperty("id").GetString()!));
        var record = (await grain.GetAsync())!;
        await grain.UpdateAsync(record.Version, record with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        // A write behind the API's back is like one through another gateway: seen once the cached copy goes.
        _factory.Services.GetRequiredService<XaiRouter.Gateway.Security.RecordCache>().InvalidateAll();

        Assert.Equal(HttpStatusCode.Unauthorized, (await middleClient.GetAsync("/v1/models", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await leafClient.GetAsync("/v1/models", Cancellation)).StatusCode);
    }

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _tenant = await TenantSession.CreateAsync(_factory, "policies");
        await ProviderKeyAsync("sk-policy-upstream-0001", "default", "gpt-4o", "gpt-4o-mini", "gpt-4.1");
        (await _tenant.Client.PutAsJsonAsync("/x/settings", new { model_aliases = new Dictionary<string, string> { ["fast"] = "gpt-4o-mini" } }, Cancellation)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<string> SubKeyAsync(object body) => (await SubKeysApiTests.CreateKeyAsync(_tenant.Client, body)).GetProperty("key").GetString()!;

    private async Task<string> ProviderKeyAsync(string apiKey, string pool, params string[] models)
    {
        using var response = await _tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "upstream", provider = "openai", base_url = _upstream.BaseUrl, api_key = apiKey, models, pool,
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }
}
