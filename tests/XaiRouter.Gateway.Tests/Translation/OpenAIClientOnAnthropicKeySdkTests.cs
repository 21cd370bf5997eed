using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>The official OpenAI .NET SDK through the Gateway, served by an <c>anthropic</c> key (translated both ways).</summary>
[Collection(TranslationSdkCollection.Name)]
public sealed class OpenAIClientOnAnthropicKeySdkTests(TranslationSdkFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ChatClient Chat(string model) => new OpenAIClient(
        new ApiKeyCredential(fixture.Tenant.Key),
        new OpenAIClientOptions { Endpoint = new Uri(fixture.GatewayAddress, "/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) }).GetChatClient(model);

    [Fact]
    public async Task Chat_IsServedByTheAnthropicKey_InOpenAIsShape()
    {
        var before = fixture.Anthropic.Requests.Count;

        ChatCompletion completion = await Chat("claude-sonnet-4-5").CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Hi")], new ChatCompletionOptions { Temperature = 0.5f }, Cancellation);

        Assert.Equal(FakeAnthropicUpstream.AnswerText, completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(21, completion.Usage.InputTokenCount);
        Assert.Equal(12, completion.Usage.OutputTokenCount);
        var received = fixture.Anthropic.Requests.Skip(before).Single();
        Assert.Equal("/v1/messages", received.PathAndQuery);
        Assert.Equal(TranslationSdkFixture.AnthropicProviderKey, received.Headers["x-api-key"]);
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("claude-sonnet-4-5", body["model"]!.GetValue<string>());
        Assert.Equal(4096, body["max_tokens"]!.GetValue<long>());
        Assert.Equal("Be brief.", body["system"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(0.5, body["temperature"]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task ToolCalls_RoundTrip()
    {
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather by city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")) },
        };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await Chat("claude-tool").CompleteChatAsync(messages, options, Cancellation);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonNode.Parse(call.FunctionArguments.ToString())!["city"]!.GetValue<string>());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny"));
        ChatCompletion second = await Chat("claude-tool").CompleteChatAsync(messages, options, Cancellation);

        Assert.Equal("Result: sunny", second.Content[0].Text);
        var sent = JsonNode.Parse(fixture.Anthropic.Requests.Last().Body)!;
        Assert.Equal("tool_result", sent["messages"]![2]!["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(call.Id, sent["messages"]![2]!["content"]![0]!["tool_use_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upstream429_KeepsItsStatusAndRetryAfter_InOpenAIsEnvelope()
    {
        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Chat("claude-429").CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Cancellation));

        Assert.Equal(429, failure.Status);
        var response = failure.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("retry-after", out var retryAfter));
        Assert.Equal("7", retryAfter);
        var error = JsonNode.Parse(response.Content.ToString())!["error"]!;
        Assert.Equal("rate_limit_exceeded", error["type"]!.GetValue<string>());
        Assert.Equal("rate_limit_error", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upstream529_KeepsItsStatus_InOpenAIsEnvelope()
    {
        var failure = await Assert.ThrowsAsync<ClientResultException>(() => Chat("claude-529").CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Cancellation));

        Assert.Equal(529, failure.Status);
        var error = JsonNode.Parse(failure.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("api_error", error["type"]!.GetValue<string>());
        Assert.Equal("overloaded_error", error["code"]!.GetValue<string>());
        Assert.Equal("Overloaded", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UntranslatableField_Is400NamingIt_InOpenAIsEnvelope()
    {
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Tenant.Key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", JsonNode.Parse("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hi"}],"n":3}"""), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonNode>(Cancellation))!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal("untranslatable_field", error["code"]!.GetValue<string>());
        Assert.Equal("n", error["param"]!.GetValue<string>());
    }
}
