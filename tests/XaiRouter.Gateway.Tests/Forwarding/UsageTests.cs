using System.ClientModel;
using System.Net.Http.Headers;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>The settle stage reads the upstream's usage, checked in the durable ledger, from plain and streamed answers without holding them.</summary>
[Collection(ForwardingCollection.Name)]
public sealed class UsageTests(ForwardingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<TokenUsage> TokensAsync(string model) =>
        (await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, model, fixture.ProviderKeyId)).Tokens;

    [Fact]
    public async Task ChatCompletion_UsageIsCounted()
    {
        var before = await TokensAsync("gpt-4o");

        await Chat().CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);

        Assert.Equal(before + new TokenUsage(5, 0, 2, 0), await TokensAsync("gpt-4o"));
    }

    [Fact]
    public async Task StreamedChatCompletionWithUsage_UsageIsCountedAndReachesTheClientUnchanged()
    {
        fixture.Upstream.ResetStream();
        fixture.Upstream.ReleaseStream();
        var before = await TokensAsync("gpt-4o");
        ChatTokenUsage? seen = null;

        await foreach (var update in Chat().CompleteChatStreamingAsync([new UserChatMessage("hi")], new ChatCompletionOptions(), Cancellation))
        {
            seen ??= update.Usage;
        }

        Assert.NotNull(seen);
        Assert.Equal(7, seen.InputTokenCount);
        Assert.Equal(2, seen.InputTokenDetails.CachedTokenCount);
        Assert.Equal(1, seen.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal(before + new TokenUsage(7, 2, 3, 1), await TokensAsync("gpt-4o"));
    }

    [Fact]
    public async Task StreamWithoutUsageRequested_RouterAsksForItAndTheClientStreamStaysWithoutIt()
    {
        fixture.Upstream.ResetStream();
        fixture.Upstream.ReleaseStream();
        var before = await TokensAsync("gpt-4o");
        var sent = fixture.Upstream.Requests.Count;
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/chat/completions",
            new StringContent("""{"model":"gpt-4o","stream":true,"messages":[]}""", Encoding.UTF8, "application/json"), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("usage\":{", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        Assert.Contains("\"include_usage\":true", fixture.Upstream.Requests.Skip(sent).Single().Body, StringComparison.Ordinal);
        Assert.Equal(before + new TokenUsage(7, 2, 3, 1), await TokensAsync("gpt-4o"));
    }

    [Fact]
    public async Task StreamWithUsageRequested_BodyAndUsageChunkPassUnchanged()
    {
        fixture.Upstream.ResetStream();
        fixture.Upstream.ReleaseStream();
        const string body = """{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[]}""";
        var sent = fixture.Upstream.Requests.Count;
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Contains("\"usage\":" + FakeUpstream.StreamUsage, text, StringComparison.Ordinal);
        Assert.Equal(body, fixture.Upstream.Requests.Skip(sent).Single().Body);
    }

    [Fact]
    public async Task EmbeddingsAndResponses_UsageIsCounted()
    {
        var client = new OpenAIClient(new ApiKeyCredential(fixture.Tenant.Key), new OpenAIClientOptions { Endpoint = new Uri(fixture.GatewayAddress, "/v1") });
        var embeddingsBefore = await TokensAsync("text-embedding-3-small");
        var responsesBefore = await TokensAsync("gpt-4.1");

        await client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingAsync("hello", cancellationToken: Cancellation);
        await client.GetResponsesClient().CreateResponseAsync("gpt-4.1", "hi", null, Cancellation);

        Assert.Equal(embeddingsBefore + new TokenUsage(3, 0, 0, 0), await TokensAsync("text-embedding-3-small"));
        Assert.Equal(responsesBefore + new TokenUsage(3, 0, 3, 0), await TokensAsync("gpt-4.1"));
    }

    [Fact]
    public async Task EveryAnswer_CarriesOurRequestIdAndKeepsTheUpstreams()
    {
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);

        using var forwarded = await client.PostAsync("/v1/chat/completions", new StringContent("""{"model":"gpt-4o","messages":[]}""", Encoding.UTF8, "application/json"), Cancellation);
        using var refused = await client.PostAsync("/v1/chat/completions", new StringContent("nope", Encoding.UTF8, "application/json"), Cancellation);
        using var health = await client.GetAsync("/healthz", Cancellation);

        Assert.Matches("^req_[0-9A-Za-z]{22}$", forwarded.Headers.GetValues("x-request-id").Single());
        Assert.Equal("upstream-req-1", forwarded.Headers.GetValues("x-upstream-request-id").Single());
        Assert.NotEqual(forwarded.Headers.GetValues("x-request-id").Single(), refused.Headers.GetValues("x-request-id").Single());
        Assert.StartsWith("req_", health.Headers.GetValues("x-request-id").Single(), StringComparison.Ordinal);
    }

    private ChatClient Chat() =>
        new OpenAIClient(new ApiKeyCredential(fixture.Tenant.Key), new OpenAIClientOptions { Endpoint = new Uri(fixture.GatewayAddress, "/v1") }).GetChatClient("gpt-4o");
}
