using System.Text;
using Anthropic.Models.Messages;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// Streams translated end to end, read by the official SDKs: an Anthropic client served by an openai-compatible key,
/// an OpenAI client served by an anthropic key, and a cross-format failover seen as one clean stream. They need the
/// Messages route and pipeline hooks (part B) and the request translation and usage maps (part C).
/// </summary>
[Collection(StreamTranslationCollection.Name)]
public sealed class StreamTranslationSdkTests(StreamTranslationFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnthropicSdk_StreamsFromAnOpenAICompatibleKey()
    {
        var kinds = new List<string>();
        var text = new StringBuilder();
        RawMessageDeltaEvent? end = null;
        await foreach (var streamed in fixture.AnthropicClient().Messages.CreateStreaming(Ask(StreamTranslationFixture.OpenAIModel), Cancellation))
        {
            kinds.Add(Kind(streamed));
            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text.Append(textDelta.Text);
            }
            else if (streamed.TryPickDelta(out var messageDelta))
            {
                end = messageDelta;
            }
        }

        Assert.Equal("Hello", text.ToString());
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], kinds);
        Assert.NotNull(end);
        Assert.Equal("end_turn", end.Delta.StopReason?.Raw());

        // The fake's usage chunk: 7 prompt tokens of which 2 cached, 3 completion tokens.
        Assert.Equal(5, end.Usage.InputTokens);
        Assert.Equal(2, end.Usage.CacheReadInputTokens);
        Assert.Equal(3, end.Usage.OutputTokens);
    }

    [Fact]
    public async Task AnthropicSdk_StreamsTwoToolCallsFromAnOpenAICompatibleKey()
    {
        var toolUses = new List<(string Id, string Name, StringBuilder Input)>();
        var text = new StringBuilder();
        RawMessageDeltaEvent? end = null;
        var parameters = Ask(StreamTranslationFixture.OpenAIModel) with
        {
            Tools = [new Tool { Name = "get_weather", Description = "weather", InputSchema = new() { Properties = new Dictionary<string, JsonElement>() } }],
        };
        await foreach (var streamed in fixture.AnthropicClient().Messages.CreateStreaming(parameters, Cancellation))
        {
            if (streamed.TryPickContentBlockStart(out var start) && start.ContentBlock.TryPickToolUse(out var toolUse))
            {
                toolUses.Add((toolUse.ID, toolUse.Name, new StringBuilder()));
            }
            else if (streamed.TryPickContentBlockDelta(out var delta))
            {
                if (delta.Delta.TryPickText(out var textDelta))
                {
                    text.Append(textDelta.Text);
                }
                else if (delta.Delta.TryPickInputJson(out var json))
                {
                    toolUses[^1].Input.Append(json.PartialJson);
                }
            }
            else if (streamed.TryPickDelta(out var messageDelta))
            {
                end = messageDelta;
            }
        }

        Assert.Equal("Checking.", text.ToString());
        Assert.Equal(2, toolUses.Count);
        Assert.Equal(("call_1", "get_weather", """{"city":"Paris"}"""), (toolUses[0].Id, toolUses[0].Name, toolUses[0].Input.ToString()));
        Assert.Equal(("call_2", "get_weather", """{"city":"Rome"}"""), (toolUses[1].Id, toolUses[1].Name, toolUses[1].Input.ToString()));
        Assert.NotNull(end);
        Assert.Equal("tool_use", end.Delta.StopReason?.Raw());
        Assert.Equal(20, end.Usage.InputTokens);
        Assert.Equal(10, end.Usage.CacheReadInputTokens);
        Assert.Equal(20, end.Usage.OutputTokens);
    }

    [Fact]
    public async Task OpenAISdk_StreamsWithUsageFromAnAnthropicKey()
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in fixture.OpenAIClient().GetChatClient(StreamTranslationFixture.AnthropicModel)
            .CompleteChatStreamingAsync([new UserChatMessage("Hello")], cancellationToken: Cancellation))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Hello", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);

        // The fake's message_start says 21 input tokens; its message_delta 12 output tokens.
        Assert.NotNull(usage);
        Assert.Equal(21, usage.InputTokenCount);
        Assert.Equal(12, usage.OutputTokenCount);
        Assert.Equal(33, usage.TotalTokenCount);
    }

    [Fact]
    public async Task OpenAISdk_StreamsToolCallsFromAnAnthropicKey()
    {
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) } };
        var text = new StringBuilder();
        var arguments = new StringBuilder();
        string? id = null;
        string? name = null;
        ChatFinishReason? finish = null;
        await foreach (var update in fixture.OpenAIClient().GetChatClient("claude-tool")
            .CompleteChatStreamingAsync([new UserChatMessage("Weather in Paris?")], options, Cancellation))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            foreach (var call in update.ToolCallUpdates)
            {
                Assert.Equal(0, call.Index);
                id ??= call.ToolCallId;
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("Let me check.", text.ToString());
        Assert.Equal("toolu_fake01", id);
        Assert.Equal("get_weather", name);
        Assert.Equal("Paris", JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("city").GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task AnthropicClient_FailsOverFromAnOverloadedAnthropicKeyToAnOpenAICompatibleKey_AsOneCleanStream()
    {
        using var http = fixture.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new
            {
                model = StreamTranslationFixture.FailoverModel,
                max_tokens = 64,
                stream = true,
                messages = new[] { new { role = "user", content = "Hello" } },
            }),
        };
        request.Headers.Add("x-api-key", fixture.Tenant.Key);
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await http.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("x-xai-attempts").Single());
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var names = body.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l["event: ".Length..]).ToArray();
        Assert.Equal(["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], names);
        Assert.DoesNotContain("overloaded", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data: {\"id\"", body, StringComparison.Ordinal);
    }

    private static MessageCreateParams Ask(string model) => new()
    {
        Model = model,
        MaxTokens = 64,
        Messages = [new UserMessageParam("Hello")],
    };

    private static string Kind(RawMessageStreamEvent streamed) =>
        streamed.TryPickStart(out _) ? "message_start"
        : streamed.TryPickContentBlockStart(out _) ? "content_block_start"
        : streamed.TryPickContentBlockDelta(out _) ? "content_block_delta"
        : streamed.TryPickContentBlockStop(out _) ? "content_block_stop"
        : streamed.TryPickDelta(out _) ? "message_delta"
        : streamed.TryPickStop(out _) ? "message_stop"
        : "other";
}
