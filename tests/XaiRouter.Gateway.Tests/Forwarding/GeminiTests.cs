using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using XaiRouter.Gateway.Routing;
using XaiRouter.Gateway.Routing.Tests;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Issue 17: <c>gemini</c> provider keys (Google's OpenAI-compatible endpoint): <c>{base}/chat/completions</c> and
/// <c>/embeddings</c>, <c>Authorization: Bearer</c>, no caller query ever passed on (Google reads <c>?key=</c>), no
/// <c>/v1/completions</c>; its array-wrapped errors read like any other (a 404 <c>NOT_FOUND</c> is the model's failure).
/// </summary>
[Collection(RoutingCollection.Name)]
public sealed class GeminiTests(RoutingFixture fixture)
{
    private const string GeminiKey = "AIzaSyTestGeminiKey0123456789";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<(RoutingTenant Tenant, FakeUpstream Gemini, string KeyId)> StartAsync(string[]? models = null)
    {
        var tenant = await fixture.CreateTenantAsync();
        var gemini = await FakeUpstream.StartAsync();
        using var created = await tenant.Session.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "gemini", provider = "gemini", base_url = gemini.BaseUrl + "/", api_key = GeminiKey,
            models = models ?? ["gemini-2.5-flash", "text-embedding-004", "gemini-400", "gemini-404"],
        }, Cancellation);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        return (tenant, gemini, (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!);
    }

    private HttpClient Gateway(RoutingTenant tenant)
    {
        var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tenant.Session.Key);
        return client;
    }

    [Fact]
    public async Task ChatAndEmbeddings_GoUnderTheBaseUrl_WithABearerKey_AndNoQuery()
    {
        var (tenant, gemini, _) = await StartAsync();
        await using var _t = tenant;
        await using var _g = gemini;
        var client = new OpenAIClient(new ApiKeyCredential(tenant.Session.Key), new OpenAIClientOptions { Endpoint = new Uri(fixture.Gateway.CreateClient().BaseAddress!, "/v1") });
        using var gateway = Gateway(tenant);

        ChatCompletion completion = await client.GetChatClient("gemini-2.5-flash").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
        await client.GetEmbeddingClient("text-embedding-004").GenerateEmbeddingAsync("hello", cancellationToken: Cancellation);
        using var withQuery = await gateway.PostAsJsonAsync("/v1/chat/completions?key=caller-key&api-version=2024-10-21&alt=sse",
            new { model = "gemini-2.5-flash", messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);

        Assert.Equal("hello from upstream", completion.Content[0].Text);
        Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);
        var requests = gemini.Requests.ToArray();
        Assert.Equal(["/v1/chat/completions", "/v1/embeddings", "/v1/chat/completions"], requests.Select(r => r.PathAndQuery));
        Assert.All(requests, r => Assert.Equal("Bearer " + GeminiKey, r.Headers["Authorization"]));
        Assert.All(requests, r => Assert.False(r.Headers.ContainsKey("x-goog-api-key") || r.Headers.ContainsKey("api-key")));
    }

    [Fact]
    public async Task Completions_AreNotServedByAGeminiKey()
    {
        var (tenant, gemini, _) = await StartAsync();
        await using var _t = tenant;
        await using var _g = gemini;
        using var gateway = Gateway(tenant);

        using var response = await gateway.PostAsJsonAsync("/v1/completions", new { model = "gemini-2.5-flash", prompt = "hi" }, Cancellation);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable, response.StatusCode.ToString());
        Assert.Empty(gemini.Requests);
    }

    [Fact]
    public async Task ArrayWrappedErrors_KeepTheirStatus_AndA404NotFoundIsTheModelsFailure()
    {
        var (tenant, gemini, keyId) = await StartAsync();
        await using var _t = tenant;
        await using var _g = gemini;

        var invalid = await tenant.ChatAsync("gemini-400");
        var notFound = new List<RoutingTenant.Answer>();
        for (var i = 0; i < Grains.Health.ProviderHealthState.FailuresToOpen; i++)
        {
            notFound.Add(await tenant.ChatAsync("gemini-404"));
        }

        var health = await tenant.HealthAsync(keyId);
        var other = await tenant.ChatAsync("gemini-2.5-flash");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal("INVALID_ARGUMENT", JsonDocument.Parse(invalid.Body).RootElement[0].GetProperty("error").GetProperty("status").GetString());
        Assert.All(notFound, f => Assert.Equal(HttpStatusCode.NotFound, f.Status));
        Assert.Equal("healthy", health.GetProperty("state").GetString());
        Assert.Equal("open", health.GetProperty("models").GetProperty("gemini-404").GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.OK, keyId), (other.Status, other.ProviderKey));
    }

    [Theory]
    [InlineData("""[{"error":{"code":404,"message":"models/x is not found","status":"NOT_FOUND"}}]""", "NOT_FOUND", true)]
    [InlineData("""[{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}]""", "INVALID_ARGUMENT", false)]
    [InlineData("""{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""", "DeploymentNotFound", true)]
    [InlineData("""{"error":{"message":"m","type":"invalid_request_error","code":"model_not_found"}}""", "model_not_found", true)]
    [InlineData("""[]""", null, false)]
    [InlineData("""[1]""", null, false)]
    public void UpstreamErrorBody_ReadsArrayWrappedAndDeploymentErrors(string body, string? code, bool modelNotFound)
    {
        var parsed = UpstreamErrorBody.Parse(System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal(code, parsed);
        Assert.Equal(modelNotFound, UpstreamErrorBody.IsModelNotFound(parsed));
    }
}
