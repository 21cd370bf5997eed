namespace XaiRouter.Gateway.Tests;

/// <summary>A tenant created through the operator API and claimed, with a client that carries its root key.</summary>
public sealed class TenantSession : IDisposable
{
    private TenantSession(string id, string key, HttpClient client)
    {
        Id = id;
        Key = key;
        Client = client;
    }

    public string Id { get; }

    public string Key { get; }

    public HttpClient Client { get; }

    /// <summary>Creates a tenant as the operator (who gets only a claim token) and claims its root key as the tenant.</summary>
    public static async Task<TenantSession> CreateAsync(GatewayFactory factory, string name = "tenant")
    {
        var (id, claimToken) = await CreateUnclaimedAsync(factory, name);
        using var anonymous = factory.CreateClient();
        var key = await ClaimAsync(anonymous, claimToken);
        return new TenantSession(id, key, factory.CreateClientWithKey(key));
    }

    /// <summary>A session for a tenant claimed elsewhere in a test.</summary>
    public static TenantSession FromKey(GatewayFactory factory, string id, string key) => new(id, key, factory.CreateClientWithKey(key));

    /// <summary><c>POST /admin/tenants</c>: the tenant's id and claim token.</summary>
    public static async Task<(string Id, string ClaimToken)> CreateUnclaimedAsync(GatewayFactory factory, string name = "tenant")
    {
        using var operatorClient = factory.CreateOperatorClient();
        using var response = await operatorClient.PostAsJsonAsync("/admin/tenants", new { name }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (body.GetProperty("id").GetString()!, body.GetProperty("claim_token").GetString()!);
    }

    /// <summary><c>POST /x/claim</c> with <paramref name="claimToken"/>: the root key.</summary>
    public static async Task<string> ClaimAsync(HttpClient client, string claimToken)
    {
        using var response = await client.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("key").GetString()!;
    }

    public async Task<JsonElement> CreateProviderKeyAsync(string apiKey, string pool = "default", string name = "upstream")
    {
        using var response = await Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name,
            provider = "openai",
            base_url = "https://api.openai.com/v1",
            api_key = apiKey,
            models = new[] { "gpt-4o", "gpt-4o-mini" },
            pool,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Adds a provider key for <paramref name="models"/> at <paramref name="baseUrl"/> (with its own limits, if given); returns its id.</summary>
    public async Task<string> AddProviderKeyAsync(string baseUrl, string apiKey, string[] models, object? limits = null, int priority = 0)
    {
        using var response = await Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "upstream",
            provider = "openai",
            base_url = baseUrl,
            api_key = apiKey,
            models,
            priority,
            limits,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    public void Dispose() => Client.Dispose();
}
