using System.Net.Http.Headers;
using System.Text;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Messages;
using OpenAI;
using OpenAI.Chat;
using static XaiRouter.Gateway.Translation.Tests.StreamTranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// The official SDKs read what the translators write (no Gateway in between: the SDK's HTTP handler answers with the
/// translated stream). They need part C's stop-reason and usage maps: the SDKs require the usage objects.
/// </summary>
public sealed class StreamTranslationSdkParsingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnthropicSdk_ReadsTheEventsTranslatedFromOpenAIChunks()
    {
        var translated = await RunAsync(Context(WireFormat.AnthropicMessages),
            OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"role":"assistant","content":"Hi "},"finish_reason":null}"""),
            OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"content":"there"},"finish_reason":null}"""),
            OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":"}}]},"finish_reason":null}"""),
            OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":"tool_calls"}"""),
            Data("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":25,"completion_tokens":9,"total_tokens":34,"prompt_tokens_details":{"cached_tokens":5}}}"""),
            Data("[DONE]"));
        var client = new AnthropicClient(new ClientOptions
        {
            BaseUrl = "http://sdk.test",
            ApiKey = "unused",
            MaxRetries = 0,
            HttpClient = new HttpClient(new Answering(translated.Text, "text/event-stream")),
        });

        var text = new StringBuilder();
        var json = new StringBuilder();
        RawMessageDeltaEvent? end = null;
        var stops = 0;
        await foreach (var streamed in client.Messages.CreateStreaming(new MessageCreateParams { Model = "gpt-4o", MaxTokens = 16, Messages = [new UserMessageParam("Hi")] }, Cancellation))
        {
            if (streamed.TryPickContentBlockDelta(out var delta))
            {
                if (delta.Delta.TryPickText(out var textDelta))
                {
                    text.Append(textDelta.Text);
                }
                else if (delta.Delta.TryPickInputJson(out var inputJson))
                {
                    json.Append(inputJson.PartialJson);
                }
            }
            else if (streamed.TryPickDelta(out var messageDelta))
            {
                end = messageDelta;
            }
            else if (streamed.TryPickStop(out _))
            {
                stops++;
            }
        }

        Assert.Equal("Hi there", text.ToString());
        Assert.Equal("""{"city":"Paris"}""", json.ToString());
        Assert.Equal(1, stops);
        Assert.NotNull(end);
        Assert.Equal("tool_use", end.Delta.StopReason?.Raw());
        Assert.Equal(20, end.Usage.InputTokens);
        Assert.Equal(5, end.Usage.CacheReadInputTokens);
        Assert.Equal(9, end.Usage.OutputTokens);
    }

    [Fact]
    public async Task AnthropicSdk_RaisesTheTranslatedErrorEvent()
    {
        var translated = await RunAsync(Context(WireFormat.AnthropicMessages),
            OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""),
            System.Text.Encoding.UTF8.GetString(Routing.StreamFailureGuard.ErrorEvent));
        var client = new AnthropicClient(new ClientOptions
        {
            BaseUrl = "http://sdk.test",
            ApiKey = "unused",
            MaxRetries = 0,
            HttpClient = new HttpClient(new Answering(translated.Text, "text/event-stream")),
        });

        await Assert.ThrowsAsync<Anthropic.Exceptions.AnthropicSseException>(async () =>
        {
            await foreach (var _ in client.Messages.CreateStreaming(new MessageCreateParams { Model = "gpt-4o", MaxTokens = 16, Messages = [new UserMessageParam("Hi")] }, Cancellation))
            {
            }
        });
    }

    [Fact]
    public async Task OpenAISdk_ReadsTheChunksTranslatedFromAnthropicEvents()
    {
        var translated = await RunAsync(Context(WireFormat.OpenAIChat),
            Event("message_start", """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":1}}}"""),
            Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"""),
            Event("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            Event("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Paris\"}"}}"""),
            Event("content_block_stop", """{"type":"content_block_stop","index":1}"""),
            Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}"""),
            Event("message_stop", """{"type":"message_stop"}"""));
        var client = new OpenAIClient(new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://sdk.test/v1"),
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(new HttpClient(new Answering(translated.Text, "text/event-stream"))),
        });

        var text = new StringBuilder();
        var arguments = new StringBuilder();
        string? toolId = null;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.GetChatClient("claude-sonnet-4-5").CompleteChatStreamingAsync([new UserChatMessage("Hi")], cancellationToken: Cancellation))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            foreach (var call in update.ToolCallUpdates)
            {
                toolId ??= call.ToolCallId;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Hello", text.ToString());
        Assert.Equal("toolu_a", toolId);
        Assert.Equal("""{"city": "Paris"}""", arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.NotNull(usage);
        Assert.Equal(37, usage.InputTokenCount);
        Assert.Equal(5, usage.InputTokenDetails?.CachedTokenCount);
        Assert.Equal(42, usage.OutputTokenCount);
    }

    /// <summary>Answers every request with one fixed body.</summary>
    private sealed class Answering(string body, string contentType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
