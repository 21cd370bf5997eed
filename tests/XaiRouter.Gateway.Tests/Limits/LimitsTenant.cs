
namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>A tenant of the two-gateway cluster: sub-keys with limits, and requests spread over both gateways.</summary>
public sealed class LimitsTenant(TwoGatewayFixture cluster, TenantSession tenant, string providerKeyId) : IDisposable
{
    private int _next;

    public TenantSession Session => tenant;

    public string ProviderKeyId => providerKeyId;

    /// <summary>Creates a sub-key with the given <c>limits</c> and <c>budget</c>; returns its id and secret.</summary>
    public async Task<(string Id, string Key)> CreateKeyAsync(object? limits = null, object? budget = null, bool manage = false, decimal? priceMultiplier = null)
    {
        using var response = await tenant.Client.PostAsJsonAsync("/x/keys", new { name = "limited", limits, budget, manage, price_multiplier = priceMultiplier },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>Clients on both gateways carrying <paramref name="key"/>.</summary>
    public HttpClient[] ClientsFor(string key) => [cluster.First.CreateClientWithKey(key), cluster.Second.CreateClientWithKey(key)];

    /// <summary>A chat completion through the next gateway in turn.</summary>
    public async Task<HttpResponseMessage> ChatAsync(HttpClient[] clients, string model, int maxTokens = 30, bool stream = false)
    {
        var client = clients[Interlocked.Increment(ref _next) % clients.Length];
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model, messages = new[] { new { role = "user", content = "hello" } }, max_tokens = maxTokens, stream }),
        };
        return await client.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, TestContext.Current.CancellationToken);
    }

    /// <summary>The value of a response header, or null.</summary>
    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public void Dispose() => tenant.Dispose();
}
