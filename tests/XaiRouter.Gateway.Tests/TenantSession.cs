namespace XaiRouter.Gateway.Tests;

/// <summary>A tenant created through the operator API, with a client that carries its root key.</summary>
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

    public static async Task<TenantSession> CreateAsync(GatewayFactory factory, string name = "tenant")
    {
        using var operatorClient = factory.CreateOperatorClient();
        using var response = await operatorClient.PostAsJsonAsync("/admin/tenants", new { name }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var key = body.GetProperty("key").GetString()!;
        return new TenantSession(body.GetProperty("id").GetString()!, key, factory.CreateClientWithKey(key));
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
