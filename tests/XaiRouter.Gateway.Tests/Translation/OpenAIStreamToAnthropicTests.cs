using XaiRouter.Gateway.Forwarding;
using static XaiRouter.Gateway.Translation.Tests.StreamTranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// Golden event sequences: an OpenAI chat stream from the upstream, Anthropic's Messages events for the client
/// (design §4.4), through the real <see cref="TranslatingResponseBody"/>.
/// </summary>
public sealed class OpenAIStreamToAnthropicTests
{
    private const string Head = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","system_fingerprint":"fp",""";

    private static readonly string MessageStart = Event("message_start",
        """{"type":"message_start","message":{"id":"chatcmpl-1","type":"message","role":"assistant","model":"gpt-4o","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}""");

    private static readonly string Ping = Event("ping", """{"type":"ping"}""");

    private static readonly string MessageStop = Event("message_stop", """{"type":"message_stop"}""");

    private static readonly TokenUsage Reported = new(25, 5, 2, 0);

    private static readonly string[] TextStream =
    [
        Chunk("""{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}"""),
        Chunk("""{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}"""),
        Chunk("""{"index":0,"delta":{"content":"lo \"world\" é"},"logprobs":null,"finish_reason":null}"""),
        Chunk("""{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}"""),
        UsageChunk,
        Data("[DONE]"),
    ];

    private static string UsageChunk => Data(Head + """ "choices":[],"usage":{"prompt_tokens":25,"completion_tokens":2,"total_tokens":27,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":0}}}""");

    private static string TextAnswer => string.Concat(
        MessageStart,
        BlockStart(0, """{"type":"text","text":""}"""),
        Ping,
        TextDelta(0, "Hel"),
        TextDelta(0, """lo \"world\" é"""),
        BlockStop(0),
        MessageDelta("stop", Reported),
        MessageStop);

    [Fact]
    public async Task Text_BecomesOneTextBlock_WithOnePing_AndTheHeldStopReasonAndUsageAtTheEnd()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages), TextStream);

        Assert.Equal(TextAnswer, client.Text);
    }

    [Fact]
    public async Task EveryUpstreamEvent_IsWrittenAndFlushedOnce()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages), TextStream);

        // role → message_start; two texts; finish → block stop; usage chunk → nothing; [DONE] → message_delta + message_stop.
        Assert.Equal(5, client.Writes.Count);
        Assert.Equal(5, client.Flushes);
        Assert.Equal(0, client.UnflushedWrites);
        Assert.All(client.Writes, w => Assert.EndsWith("\n\n", w, StringComparison.Ordinal));
        Assert.Equal(string.Concat(MessageDelta("stop", Reported), MessageStop), client.Writes[^1]);
    }

    [Fact]
    public async Task CrlfFraming_GivesTheSameEvents()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages), Crlf(TextStream));

        Assert.Equal(TextAnswer, client.Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public async Task EventsSplitAcrossWrites_GiveTheSameEvents(int piece)
    {
        Assert.Equal(TextAnswer, (await RunAsync(Context(WireFormat.AnthropicMessages), Cut(TextStream, piece))).Text);
        Assert.Equal(TextAnswer, (await RunAsync(Context(WireFormat.AnthropicMessages), Cut(Crlf(TextStream), piece))).Text);
    }

    [Fact]
    public async Task TextThenTwoToolCalls_BecomeThreeBlocks_WithArgumentsAsInputJsonDeltas()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"content":"Checking."},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{},"finish_reason":"tool_calls"}"""),
            UsageChunk,
            Data("[DONE]"));

        Assert.Equal(string.Concat(
            MessageStart,
            BlockStart(0, """{"type":"text","text":""}"""),
            Ping,
            TextDelta(0, "Checking."),
            BlockStop(0),
            BlockStart(1, """{"type":"tool_use","id":"call_a","name":"get_weather","input":{}}"""),
            JsonDelta(1, """{\"city\":"""),
            JsonDelta(1, """\"Paris\"}"""),
            BlockStop(1),
            BlockStart(2, """{"type":"tool_use","id":"call_b","name":"get_time","input":{}}"""),
            JsonDelta(2, "{}"),
            BlockStop(2),
            MessageDelta("tool_calls", Reported),
            MessageStop), client.Text);
    }

    [Fact]
    public async Task ReasoningText_IsLeftOut()
    {
        // An Anthropic client never asked for thinking (the request side refuses it): reasoning deltas give nothing.
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"role":"assistant","reasoning_content":"Let me think"},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"reasoning_content":" more"},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{},"finish_reason":"stop"}"""),
            Data("[DONE]"));

        Assert.Equal(string.Concat(MessageStart, BlockStart(0, """{"type":"text","text":""}"""), Ping, TextDelta(0, "Hi"), BlockStop(0),
            MessageDelta("stop", default), MessageStop), client.Text);
    }

    [Fact]
    public async Task AzureEmptyChoicesChunk_GivesNothing_AndMessageStartTakesTheFirstRealChunksIdAndModel()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Data("""{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}"""),
            Chunk("""{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null,"content_filter_results":{}}"""),
            Chunk("""{"index":0,"delta":{},"finish_reason":"stop","content_filter_results":{}}"""),
            UsageChunk,
            Data("[DONE]"));

        Assert.Equal(string.Concat(MessageStart, BlockStart(0, """{"type":"text","text":""}"""), Ping, TextDelta(0, "Hi"), BlockStop(0),
            MessageDelta("stop", Reported), MessageStop), client.Text);
    }

    [Fact]
    public async Task NoUsageChunk_EndsWithEmptyUsage()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{},"finish_reason":"length"}"""),
            Data("[DONE]"));

        Assert.Equal(string.Concat(MessageStart, BlockStart(0, """{"type":"text","text":""}"""), Ping, TextDelta(0, "Hi"), BlockStop(0),
            MessageDelta("length", default), MessageStop), client.Text);
    }

    [Fact]
    public async Task UsageOnTheFinishChunk_IsHeldToo()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""),
            Data(Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":25,"completion_tokens":2,"total_tokens":27,"prompt_tokens_details":{"cached_tokens":5}}}"""),
            Data("[DONE]"));

        Assert.EndsWith(string.Concat(MessageDelta("stop", Reported), MessageStop), client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamErrorChunk_BecomesAnErrorEvent_AndTheEnd()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""),
            Data("""{"error":{"message":"Rate limit \"reached\"","type":"rate_limit_exceeded","param":null,"code":null}}"""),
            Chunk("""{"index":0,"delta":{"content":"late"},"finish_reason":null}"""),
            Data("[DONE]"));

        Assert.Equal(string.Concat(MessageStart, BlockStart(0, """{"type":"text","text":""}"""), Ping, TextDelta(0, "Hi"),
            Event("error", """{"type":"error","error":{"type":"api_error","message":"Rate limit \"reached\""}}""")), client.Text);
    }

    [Fact]
    public async Task BrokenStream_StreamFailureGuardsEvent_BecomesAnErrorEvent_WithoutMessageStop()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""),
            System.Text.Encoding.UTF8.GetString(Routing.StreamFailureGuard.ErrorEvent));

        Assert.Equal(string.Concat(MessageStart, BlockStart(0, """{"type":"text","text":""}"""), Ping, TextDelta(0, "Hi"),
            Event("error", """{"type":"error","error":{"type":"api_error","message":"The upstream provider's stream broke off."}}""")), client.Text);
        Assert.DoesNotContain("message_stop", client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEndingBeforeAnyFinishReason_EndsWithAnErrorEvent()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""));

        Assert.EndsWith(Event("error", """{"type":"error","error":{"type":"api_error","message":"The upstream provider's stream ended before the answer was complete."}}"""),
            client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEndingAfterTheFinishReason_WithoutDone_EndsCleanly_Once()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{},"finish_reason":"stop"}"""));

        Assert.EndsWith(string.Concat(BlockStop(0), MessageDelta("stop", default), MessageStop), client.Text, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(client.Text, "event: message_stop"));
    }

    [Fact]
    public async Task DoneTwice_GivesOneMessageStop()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}"""), Data("[DONE]"), Data("[DONE]"));

        Assert.Equal(1, Occurrences(client.Text, "event: message_stop"));
        Assert.Equal(1, Occurrences(client.Text, "event: message_delta"));
    }

    [Fact]
    public async Task ArgumentsForAClosedToolCall_AreAProtocolError()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"a","arguments":"{}"}}]},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","function":{"name":"b","arguments":"{}"}}]},"finish_reason":null}"""),
            Chunk("""{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]},"finish_reason":null}"""),
            Data("[DONE]"));

        Assert.EndsWith(Event("error", """{"type":"error","error":{"type":"api_error","message":"The upstream provider's stream could not be translated."}}"""),
            client.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("message_stop", client.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":\"Hi\"")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task MalformedChunk_BecomesAnErrorEvent_NeverAnException(string data)
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}"""), Data(data), Data("[DONE]"));

        Assert.EndsWith(Event("error", """{"type":"error","error":{"type":"api_error","message":"The upstream provider's stream could not be translated."}}"""),
            client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommentsAndKeepAlives_GiveNothing()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages), [": OPENROUTER PROCESSING\n\n", .. TextStream]);

        Assert.Equal(TextAnswer, client.Text);
    }

    [Fact]
    public async Task AnEmptyStream_EndsWithAnErrorEvent()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages));

        Assert.StartsWith("event: error\n", client.Text, StringComparison.Ordinal);
    }

    internal static string Chunk(string choice) => Data(Head + $$"""
        "choices":[{{choice}}]}
        """);

    private static string BlockStart(int index, string block) => Event("content_block_start", $$"""{"type":"content_block_start","index":{{index}},"content_block":{{block}}}""");

    private static string BlockStop(int index) => Event("content_block_stop", $$"""{"type":"content_block_stop","index":{{index}}}""");

    private static string TextDelta(int index, string rawText) =>
        Event("content_block_delta", $$"""{"type":"content_block_delta","index":{{index}},"delta":{"type":"text_delta","text":""" + "\"" + rawText + "\"}}");

    private static string JsonDelta(int index, string rawJson) =>
        Event("content_block_delta", $$"""{"type":"content_block_delta","index":{{index}},"delta":{"type":"input_json_delta","partial_json":""" + "\"" + rawJson + "\"}}");

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;
}
