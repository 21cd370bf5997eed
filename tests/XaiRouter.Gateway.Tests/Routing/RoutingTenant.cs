namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>A tenant of the routing fixture, its fake upstreams, and requests with the routing headers read back.</summary>
public sealed class RoutingTenant(RoutingFixture fixture, TenantSession session) : IAsyncDisposable
{
    private readonly List<FakeUpstream> _upstreams = [];

    public TenantSession Session => session;

    /// <summary>Starts a fake upstream with <paramref name="fault"/> and adds a provider key pointing at it (its secret <paramref name="apiKey"/>, or a fresh random one).</summary>
    public async Task<(FakeUpstream Upstream, string Id)> AddUpstreamAsync(UpstreamFault fault, string[]? models = null, int weight = 1, int priority = 0, string? apiKey = null)
    {
        var upstream = await FakeUpstream.StartAsync();
        upstream.Fault = fault;
        _upstreams.Add(upstream);
        using var response = await session.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = fault.ToString(),
            provider = "openai",
            base_url = upstream.BaseUrl,
            api_key = apiKey ?? "sk-routing-" + Guid.NewGuid().ToString("N"),
            models = models ?? ["gpt-4o"],
            weight,
            priority,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (upstream, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!);
    }

    public async Task PutSettingsAsync(object settings)
    {
        using var response = await session.Client.PutAsJsonAsync("/x/settings", settings, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A chat completion; returns the status, the provider key that served it and the attempts it took.</summary>
    public async Task<Answer> ChatAsync(string model = "gpt-4o", bool stream = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model, stream, messages = new[] { new { role = "user", content = "hello" } } }),
        };
        using var response = await session.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return new Answer(response.StatusCode, Header(response, "x-xai-provider-key"), int.TryParse(Header(response, "x-xai-attempts"), out var n) ? n : 0,
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The health the management API shows for <paramref name="providerKeyId"/>, after the gateway reported it.</summary>
    public async Task<JsonElement> HealthAsync(string providerKeyId)
    {
        await fixture.FlushHealthAsync();
        var list = await session.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", TestContext.Current.CancellationToken);
        return list.GetProperty("data").EnumerateArray().Single(k => k.GetProperty("id").GetString() == providerKeyId).GetProperty("health");
    }

    public async ValueTask DisposeAsync()
    {
        session.Dispose();
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    /// <summary>What the client got.</summary>
    public sealed record Answer(HttpStatusCode Status, string? ProviderKey, int Attempts, string Body);
}
