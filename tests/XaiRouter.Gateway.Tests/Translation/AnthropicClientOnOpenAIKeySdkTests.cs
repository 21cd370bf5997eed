using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>The official Anthropic .NET SDK through the Gateway, served by an <c>openai-compatible</c> key (translated both ways).</summary>
[Collection(TranslationSdkCollection.Name)]
public sealed class AnthropicClientOnOpenAIKeySdkTests(TranslationSdkFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private AnthropicClient Client => new(new ClientOptions { BaseUrl = fixture.GatewayAddress.ToString().TrimEnd('/'), ApiKey = fixture.Tenant.Key, MaxRetries = 0 });

    private static Tool Weather => new()
    {
        Name = "get_weather",
        Description = "Weather by city",
        InputSchema = new() { Properties = new Dictionary<string, JsonElement> { ["city"] = JsonDocument.Parse("""{"type":"string"}""").RootElement } },
    };

    [Fact]
    public async Task Message_IsServedByTheOpenAICompatibleKey_InAnthropicsShape()
    {
        var before = fixture.OpenAI.Requests.Count;

        var message = await Client.Messages.Create(new MessageCreateParams
        {
            Model = "gpt-4o",
            MaxTokens = 64,
            System = "Be brief.",
            Messages = [new UserMessageParam("Hi")],
        }, Cancellation);

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("hello from upstream", text!.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        var received = fixture.OpenAI.Requests.Skip(before).Single();
        Assert.Equal("/v1/chat/completions", received.PathAndQuery);
        Assert.Equal("Bearer " + TranslationSdkFixture.OpenAIProviderKey, received.Headers["Authorization"]);
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("gpt-4o", body["model"]!.GetValue<string>());
        Assert.Equal(64, body["max_tokens"]!.GetValue<long>());
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Be brief.", body["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task ToolUse_RoundTrips()
    {
        var first = await Client.Messages.Create(new MessageCreateParams
        {
            Model = TranslationSdkFixture.ScriptedToolModel,
            MaxTokens = 64,
            Messages = [new UserMessageParam("Weather in Paris?")],
            Tools = [Weather],
            ToolChoice = new ToolChoiceAuto(),
        }, Cancellation);

        Assert.Equal(StopReason.ToolUse, first.StopReason!.Value());
        ToolUseBlock? toolUse = null;
        Assert.Contains(first.Content, block => block.TryPickToolUse(out toolUse));
        Assert.Equal("get_weather", toolUse!.Name);
        Assert.Equal("Paris", toolUse.Input["city"].GetString());

        var second = await Client.Messages.Create(new MessageCreateParams
        {
            Model = TranslationSdkFixture.ScriptedToolModel,
            MaxTokens = 64,
            Tools = [Weather],
            Messages =
            [
                new UserMessageParam("Weather in Paris?"),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam { ToolUseID = toolUse.ID, Content = "sunny" } }),
            ],
        }, Cancellation);

        Assert.True(second.Content[0].TryPickText(out var text));
        Assert.Equal("Result: sunny", text!.Text);
        var sent = JsonNode.Parse(fixture.OpenAI.Requests.Last().Body)!["messages"]!.AsArray();
        Assert.Equal("tool", sent[^1]!["role"]!.GetValue<string>());
        Assert.Equal(toolUse.ID, sent[^1]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("get_weather", sent[^2]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upstream404_IsNotFoundException()
    {
        var failure = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => Create("gpt-404"));

        Assert.Equal(HttpStatusCode.NotFound, failure.StatusCode);
    }

    [Fact]
    public async Task Upstream429_IsRateLimitException_WithRetryAfterKept()
    {
        await Assert.ThrowsAsync<AnthropicRateLimitException>(() => Create("gpt-429"));

        // The same upstream answer read raw, through a key of its own (the first one now cools down for 7 s).
        using var response = await Raw("""{"model":"gpt-429-raw","max_tokens":8,"messages":[{"role":"user","content":"Hi"}]}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var error = (await response.Content.ReadFromJsonAsync<JsonNode>(Cancellation))!;
        Assert.Equal("rate_limit_error", error["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upstream529_IsOverloadedException()
    {
        var failure = await Assert.ThrowsAsync<AnthropicOverloadedException>(() => Create("gpt-529"));

        Assert.Equal(529, (int)failure.StatusCode);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","max_tokens":8,"top_k":5,"messages":[{"role":"user","content":"Hi"}]}""", "top_k: ")]
    [InlineData("""{"model":"gpt-4o","max_tokens":8,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}},{"type":"server_tool_use","id":"s","name":"web_search","input":{}}]}]}""", "messages[0].content[1].type: ")]
    public async Task UntranslatableField_Is400NamingIt_InAnthropicsEnvelope(string body, string prefix)
    {
        using var response = await Raw(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonNode>(Cancellation))!;
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", error["error"]!["type"]!.GetValue<string>());
        Assert.StartsWith(prefix, error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private Task<Message> Create(string model) => Client.Messages.Create(new MessageCreateParams { Model = model, MaxTokens = 8, Messages = [new UserMessageParam("Hi")] }, Cancellation);

    private async Task<HttpResponseMessage> Raw(string body)
    {
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", fixture.Tenant.Key);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await client.SendAsync(request, Cancellation);
    }
}
