using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using XaiRouter.Gateway.Routing.Tests;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Issue 17: <c>azure-openai</c> provider keys. The official OpenAI SDK talks to the Gateway as ever; the Gateway talks
/// to a fake Azure OpenAI resource: <c>{base}/openai/deployments/{deployment}/{op}?api-version={v}</c>, the key in
/// <c>api-key</c> (never <c>Authorization</c>), the deployment from the key's map or the model's own name, the key's
/// version over any the caller sent, and no <c>/v1/responses</c> (the candidate is skipped).
/// </summary>
[Collection(RoutingCollection.Name)]
public sealed class AzureOpenAITests(RoutingFixture fixture)
{
    private const string AzureKey = "0123456789abcdef0123456789abcdef";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<(RoutingTenant Tenant, FakeUpstream Azure, OpenAIClient Client)> StartAsync(object? extra = null, string[]? models = null)
    {
        var tenant = await fixture.CreateTenantAsync();
        var azure = await FakeUpstream.StartAsync();
        var body = JsonSerializer.SerializeToNode(new { name = "azure", provider = "azure-openai", base_url = azure.RootUrl, api_key = AzureKey, models = models ?? ["gpt-4o", "gpt-4o-mini", "text-embedding-3-small"] })!.AsObject();
        foreach (var (name, value) in JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        using var created = await tenant.Session.Client.PostAsJsonAsync("/x/provider-keys", body, Cancellation);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var address = fixture.Gateway.CreateClient().BaseAddress!;
        return (tenant, azure, new OpenAIClient(new ApiKeyCredential(tenant.Session.Key), new OpenAIClientOptions { Endpoint = new Uri(address, "/v1") }));
    }

    [Fact]
    public async Task Chat_GoesToTheMappedDeployment_WithTheApiKeyHeaderAndTheDefaultVersion()
    {
        var (tenant, azure, client) = await StartAsync(new { deployments = new Dictionary<string, string> { ["gpt-4o"] = "prod-gpt4o" } });
        await using var _ = tenant;
        await using var __ = azure;

        ChatCompletion completion = await client.GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
        ChatCompletion unmapped = await client.GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);

        Assert.Equal("hello from upstream", completion.Content[0].Text);
        Assert.Equal("hello from upstream", unmapped.Content[0].Text);
        var requests = azure.Requests.ToArray();
        Assert.Equal("/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21", requests[0].PathAndQuery);
        Assert.Equal("/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21", requests[1].PathAndQuery);
        Assert.All(requests, r => Assert.Equal(AzureKey, r.Headers["api-key"]));
        Assert.All(requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));
        Assert.All(requests, r => Assert.DoesNotContain(tenant.Session.Key, string.Join('\n', r.Headers.Values), StringComparison.Ordinal));
    }

    [Fact]
    public async Task StreamedChat_ReachesTheDeployment_WithUsage()
    {
        var (tenant, azure, client) = await StartAsync();
        await using var _ = tenant;
        await using var __ = azure;
        azure.ReleaseStream();
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;

        await foreach (var update in client.GetChatClient("gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("hi")],
            new ChatCompletionOptions(), Cancellation))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            usage = update.Usage ?? usage;
        }

        Assert.Equal("Hello", text.ToString());
        Assert.Equal(7, usage?.InputTokenCount);
        Assert.Equal("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", Assert.Single(azure.Requests).PathAndQuery);
    }

    [Fact]
    public async Task TheKeysVersion_ReplacesTheCallers_AndNoOtherQueryOrOpenAIHeaderGoesOn()
    {
        var (tenant, azure, _) = await StartAsync(new { api_version = "2025-04-01-preview" });
        await using var _t = tenant;
        await using var _a = azure;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions?api-version=2023-05-15&key=caller-key")
        {
            Content = JsonContent.Create(new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hi" } } }),
        };
        request.Headers.Add("OpenAI-Beta", "assistants=v2");
        request.Headers.Add("OpenAI-Organization", "org-caller");
        using var gateway = fixture.Gateway.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", tenant.Session.Key);

        using var response = await gateway.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(azure.Requests);
        Assert.Equal("/openai/deployments/gpt-4o/chat/completions?api-version=2025-04-01-preview", received.PathAndQuery);
        Assert.False(received.Headers.ContainsKey("OpenAI-Beta"));
        Assert.False(received.Headers.ContainsKey("OpenAI-Organization"));
        Assert.Equal(AzureKey, received.Headers["api-key"]);
    }

    [Fact]
    public async Task Embeddings_GoToTheDeploymentsEmbeddingsPath()
    {
        var (tenant, azure, client) = await StartAsync(new { deployments = new Dictionary<string, string> { ["text-embedding-3-small"] = "emb.small_1" } });
        await using var _ = tenant;
        await using var __ = azure;

        var embedding = await client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingAsync("hello", cancellationToken: Cancellation);

        Assert.Equal([0.25f, -0.5f, 1.0f], embedding.Value.ToFloats().ToArray());
        Assert.Equal("/openai/deployments/emb.small_1/embeddings?api-version=2024-10-21", Assert.Single(azure.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Responses_SkipTheAzureKey_ForTheNextCandidate()
    {
        var (tenant, azure, _) = await StartAsync();
        await using var _t = tenant;
        await using var _a = azure;
        var (openai, openaiId) = await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["gpt-4o"], priority: 1);
        using var gateway = fixture.Gateway.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", tenant.Session.Key);

        using var responses = await gateway.PostAsJsonAsync("/v1/responses", new { model = "gpt-4o", input = "hi" }, Cancellation);
        var chat = await tenant.ChatAsync("gpt-4o");

        Assert.Equal(HttpStatusCode.OK, responses.StatusCode);
        Assert.Equal(openaiId, responses.Headers.GetValues("x-xai-provider-key").Single());
        Assert.Equal("1", responses.Headers.GetValues("x-xai-attempts").Single());
        Assert.Equal("/v1/responses", Assert.Single(openai.Requests).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, chat.Status);
        Assert.NotEqual(openaiId, chat.ProviderKey);
        Assert.Equal("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", Assert.Single(azure.Requests).PathAndQuery);
    }

    [Fact]
    public async Task AMissingDeployment_IsAModelFailure_NotTheKeys()
    {
        var (tenant, azure, _) = await StartAsync(new { deployments = new Dictionary<string, string> { ["gpt-4o-mini"] = FakeUpstream.MissingDeployment } });
        await using var _t = tenant;
        await using var _a = azure;
        using var list = await tenant.Session.Client.GetAsync("/x/provider-keys", Cancellation);
        var keyId = (await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("data")[0].GetProperty("id").GetString()!;

        var failures = new List<RoutingTenant.Answer>();
        for (var i = 0; i < Grains.Health.ProviderHealthState.FailuresToOpen; i++)
        {
            failures.Add(await tenant.ChatAsync("gpt-4o-mini"));
        }

        var health = await tenant.HealthAsync(keyId);
        var other = await tenant.ChatAsync("gpt-4o");

        Assert.All(failures, f => Assert.Equal(HttpStatusCode.NotFound, f.Status));
        Assert.Equal("healthy", health.GetProperty("state").GetString());
        Assert.Equal("open", health.GetProperty("models").GetProperty("gpt-4o-mini").GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.OK, keyId), (other.Status, other.ProviderKey));
    }
}
