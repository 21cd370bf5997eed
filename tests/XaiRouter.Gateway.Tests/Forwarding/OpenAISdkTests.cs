using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>The official OpenAI .NET SDK, pointed at the Gateway, against a real upstream on loopback.</summary>
[Collection(ForwardingCollection.Name)]
public sealed class OpenAISdkTests(ForwardingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private OpenAIClient Client => new(new ApiKeyCredential(fixture.Tenant.Key), new OpenAIClientOptions { Endpoint = new Uri(fixture.GatewayAddress, "/v1") });

    [Fact]
    public async Task ChatCompletion_ThroughTheGateway_ReachesTheUpstreamWithTheProviderKeyOnly()
    {
        var before = fixture.Upstream.Requests.Count;

        ChatCompletion completion = await Client.GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);

        Assert.Equal("hello from upstream", completion.Content[0].Text);
        Assert.Equal("gpt-4o", completion.Model);
        var received = fixture.Upstream.Requests.Skip(before).Single();
        Assert.Equal("/v1/chat/completions", received.PathAndQuery);
        Assert.Equal("Bearer " + ForwardingFixture.ProviderKey, received.Headers["Authorization"]);
        Assert.DoesNotContain(received.Headers, h => h.Value.Contains(fixture.Tenant.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Tenant.Key, received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedChatCompletion_FirstChunkArrivesBeforeTheStreamEnds()
    {
        fixture.Upstream.ResetStream();
        var text = new System.Text.StringBuilder();
        var updates = 0;

        await foreach (var update in Client.GetChatClient("gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("hi")], cancellationToken: Cancellation))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            // The upstream holds the rest of its stream until this first chunk has reached the SDK.
            if (updates++ == 0)
            {
                Assert.Equal("Hel", text.ToString());
                fixture.Upstream.ReleaseStream();
            }
        }

        Assert.Equal("Hello", text.ToString());
        Assert.True(updates >= 3);
    }

    [Fact]
    public async Task ToolCall_RoundTripsThroughTheGateway()
    {
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather by city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")) },
        };

        ChatCompletion completion = await Client.GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage("weather in Paris?")], options, Cancellation);

        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"Paris"}""", call.FunctionArguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
    }

    [Fact]
    public async Task Embeddings_ThroughTheGateway_ReturnTheUpstreamVector()
    {
        var embedding = await Client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingAsync("hello", cancellationToken: Cancellation);

        Assert.Equal([0.25f, -0.5f, 1.0f], embedding.Value.ToFloats().ToArray());
    }

    [Fact]
    public async Task Responses_ThroughTheGateway_ReturnTheOutputText()
    {
        var response = await Client.GetResponsesClient().CreateResponseAsync("gpt-4o", "hi", null, Cancellation);

        Assert.Equal("hello from responses", response.Value.GetOutputText());
    }

    [Fact]
    public async Task Models_ListAndGet_ShowTheCallersModelsAndAliases()
    {
        var models = await Client.GetOpenAIModelClient().GetModelsAsync(Cancellation);
        var one = await Client.GetOpenAIModelClient().GetModelAsync("gpt-4.1", Cancellation);

        Assert.Equal(["account-echo", "anthropic-echo", "fast", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "org-checked", "router-headers", "router-headers-unlimited",
            "text-embedding-3-small", "upstream-429", "upstream-abort"], models.Value.Select(m => m.Id));
        Assert.Equal("gpt-4.1", one.Value.Id);
        Assert.Equal("openai", one.Value.OwnedBy);
    }

    [Fact]
    public async Task Alias_FastModel_IsRewrittenBeforeTheUpstream()
    {
        var before = fixture.Upstream.Requests.Count;

        ChatCompletion completion = await Client.GetChatClient("fast").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
        ChatCompletion wildcard = await Client.GetChatClient("legacy-turbo").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);

        Assert.Equal("gpt-4o-mini", completion.Model);
        Assert.Equal("gpt-4.1", wildcard.Model);
        Assert.Contains("\"model\":\"gpt-4o-mini\"", fixture.Upstream.Requests.Skip(before).First().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel_Returns404ThatTheSdkReports()
    {
        var failure = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client.GetChatClient("no-such-model").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation));

        Assert.Equal(404, failure.Status);
        Assert.Contains("no-such-model", failure.Message, StringComparison.Ordinal);
    }
}
