using XaiRouter.Gateway.Forwarding;
using static XaiRouter.Gateway.Translation.Tests.StreamTranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// Golden chunk sequences: an Anthropic Messages stream from the upstream, OpenAI chat completion chunks for the client
/// (design §4.4), through the real <see cref="TranslatingResponseBody"/>.
/// </summary>
public sealed class AnthropicStreamToOpenAITests
{
    private const string Id = "msg_01";
    private const string Model = "claude-sonnet-4-5";

    private static readonly string Start = Event("message_start",
        """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":1}}}""");

    private static readonly string Ping = Event("ping", """{"type":"ping"}""");

    private static readonly string Stop = Event("message_stop", """{"type":"message_stop"}""");

    // input_tokens leaves the cache out: the prompt is 25 + 5 read + 7 written.
    private static readonly TokenUsage Reported = new(37, 5, 42, 0);

    private static readonly string[] TextStream =
    [
        Start,
        BlockStart(0, """{"type":"text","text":""}"""),
        Ping,
        TextDelta(0, "Hello"),
        TextDelta(0, """ \"world\" é"""),
        BlockStop(0),
        MessageDeltaEvent("end_turn", """{"output_tokens":42}"""),
        Stop,
    ];

    private static string RoleChunk => DeltaChunk(Id, Model, """{"role":"assistant","content":""}""");

    private static string TextAnswer => string.Concat(
        RoleChunk,
        DeltaChunk(Id, Model, """{"content":"Hello"}"""),
        DeltaChunk(Id, Model, """{"content":" \"world\" é"}"""),
        FinishChunk(Id, Model, "end_turn"),
        UsageChunk(Id, Model, Reported),
        "data: [DONE]\n\n");

    [Fact]
    public async Task Text_BecomesRoleContentFinishUsageAndDone()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat), TextStream);

        Assert.Equal(TextAnswer, client.Text);
    }

    [Fact]
    public async Task EveryUpstreamEvent_IsWrittenAndFlushedOnce_AndPingsAndBlockStopsGiveNothing()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat), TextStream);

        // message_start, two text deltas, message_delta, message_stop (usage + [DONE]); block start, ping and block stop: nothing.
        Assert.Equal(5, client.Writes.Count);
        Assert.Equal(5, client.Flushes);
        Assert.Equal(0, client.UnflushedWrites);
        Assert.Equal(string.Concat(UsageChunk(Id, Model, Reported), "data: [DONE]\n\n"), client.Writes[^1]);
    }

    [Fact]
    public async Task CrlfFraming_GivesTheSameChunks()
    {
        Assert.Equal(TextAnswer, (await RunAsync(Context(WireFormat.OpenAIChat), Crlf(TextStream))).Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100)]
    public async Task EventsSplitAcrossWrites_GiveTheSameChunks(int piece)
    {
        Assert.Equal(TextAnswer, (await RunAsync(Context(WireFormat.OpenAIChat), Cut(TextStream, piece))).Text);
        Assert.Equal(TextAnswer, (await RunAsync(Context(WireFormat.OpenAIChat), Cut(Crlf(TextStream), piece))).Text);
    }

    [Fact]
    public async Task TextThenTwoToolUses_BecomeToolCallsNumberedFromZero()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat),
            Start,
            BlockStart(0, """{"type":"text","text":""}"""),
            Ping,
            TextDelta(0, "Checking."),
            BlockStop(0),
            BlockStart(1, """{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}"""),
            JsonDelta(1, """{\"city\": \"Par"""),
            JsonDelta(1, """is\"}"""),
            BlockStop(1),
            BlockStart(2, """{"type":"tool_use","id":"toolu_b","name":"get_time","input":{}}"""),
            JsonDelta(2, ""),
            JsonDelta(2, "{}"),
            BlockStop(2),
            MessageDeltaEvent("tool_use", """{"input_tokens":25,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":42}"""),
            Stop);

        Assert.Equal(string.Concat(
            RoleChunk,
            DeltaChunk(Id, Model, """{"content":"Checking."}"""),
            DeltaChunk(Id, Model, """{"tool_calls":[{"index":0,"id":"toolu_a","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
            DeltaChunk(Id, Model, """{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": \"Par"}}]}"""),
            DeltaChunk(Id, Model, """{"tool_calls":[{"index":0,"function":{"arguments":"is\"}"}}]}"""),
            DeltaChunk(Id, Model, """{"tool_calls":[{"index":1,"id":"toolu_b","type":"function","function":{"name":"get_time","arguments":""}}]}"""),
            DeltaChunk(Id, Model, """{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]}"""),
            FinishChunk(Id, Model, "tool_use"),
            UsageChunk(Id, Model, Reported),
            "data: [DONE]\n\n"), client.Text);
    }

    [Fact]
    public async Task ThinkingAndSignatures_AreLeftOut()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat),
            Start,
            BlockStart(0, """{"type":"thinking","thinking":""}"""),
            Ping,
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}"""),
            BlockStop(0),
            BlockStart(1, """{"type":"text","text":""}"""),
            TextDelta(1, "Hi"),
            BlockStop(1),
            MessageDeltaEvent("end_turn", """{"output_tokens":42}"""),
            Stop);

        Assert.Equal(string.Concat(RoleChunk, DeltaChunk(Id, Model, """{"content":"Hi"}"""), FinishChunk(Id, Model, "end_turn"),
            UsageChunk(Id, Model, Reported), "data: [DONE]\n\n"), client.Text);
    }

    [Fact]
    public async Task ClientThatDidNotAskForUsage_GetsNoUsageChunk()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat, clientWantsUsage: false), TextStream);

        Assert.EndsWith(string.Concat(FinishChunk(Id, Model, "end_turn"), "data: [DONE]\n\n"), client.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"choices\":[]", client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageFields_KeepTheirLargestValue_AcrossStartAndDelta()
    {
        // A newer API version repeats input and cache counts in message_delta; an older one sends output only. Either way the same.
        var client = await RunAsync(Context(WireFormat.OpenAIChat),
            Start,
            TextDelta(0, "Hi"),
            MessageDeltaEvent("max_tokens", """{"input_tokens":25,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":42}"""),
            Stop);

        Assert.EndsWith(string.Concat(FinishChunk(Id, Model, "max_tokens"), UsageChunk(Id, Model, Reported), "data: [DONE]\n\n"), client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamErrorEvent_BecomesOpenAIsErrorChunk_WithoutDone()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat),
            Start,
            BlockStart(0, """{"type":"text","text":""}"""),
            TextDelta(0, "Hi"),
            Event("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""),
            MessageDeltaEvent("end_turn", """{"output_tokens":42}"""),
            Stop);

        Assert.Equal(string.Concat(RoleChunk, DeltaChunk(Id, Model, """{"content":"Hi"}"""),
            Data("""{"error":{"message":"Overloaded","type":"api_error","param":null,"code":"overloaded_error"}}""")), client.Text);
    }

    [Fact]
    public async Task RateLimitErrorEvent_KeepsItsKindForOpenAIClients()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat),
            Start, Event("error", """{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}"""));

        Assert.EndsWith(Data("""{"error":{"message":"Slow down","type":"rate_limit_exceeded","param":null,"code":"rate_limit_error"}}"""), client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenStream_TheGuardsAnthropicErrorEvent_BecomesAnErrorChunk()
    {
        // StreamFailureGuard writes its event in the upstream key's format (design §5.2 B): for an anthropic key, Anthropic's.
        var client = await RunAsync(Context(WireFormat.OpenAIChat),
            Start,
            TextDelta(0, "Hi"),
            Event("error", """{"type":"error","error":{"type":"api_error","message":"The upstream provider's stream broke off."}}"""));

        Assert.EndsWith(Data("""{"error":{"message":"The upstream provider's stream broke off.","type":"api_error","param":null,"code":"api_error"}}"""),
            client.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEndingBeforeMessageDelta_EndsWithAnErrorChunk()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat), Start, TextDelta(0, "Hi"));

        Assert.EndsWith(Data("""{"error":{"message":"The upstream provider's stream ended before the answer was complete.","type":"api_error","param":null,"code":"api_error"}}"""),
            client.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEndingAfterMessageDelta_WithoutMessageStop_EndsCleanly_Once()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat), Start, TextDelta(0, "Hi"), MessageDeltaEvent("end_turn", """{"output_tokens":42}"""));

        Assert.EndsWith(string.Concat(UsageChunk(Id, Model, Reported), "data: [DONE]\n\n"), client.Text, StringComparison.Ordinal);
        Assert.Equal(1, client.Text.Split("[DONE]").Length - 1);
    }

    [Fact]
    public async Task JsonDeltaForABlockThatIsNoToolUse_IsAProtocolError()
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat),
            Start, BlockStart(0, """{"type":"text","text":""}"""), JsonDelta(0, "{}"), MessageDeltaEvent("end_turn", "{}"), Stop);

        Assert.EndsWith(Data("""{"error":{"message":"The upstream provider's stream could not be translated.","type":"api_error","param":null,"code":"api_error"}}"""),
            client.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":")]
    [InlineData("garbage")]
    public async Task MalformedEvent_BecomesAnErrorChunk_NeverAnException(string data)
    {
        var client = await RunAsync(Context(WireFormat.OpenAIChat), Start, Event("content_block_delta", data), Stop);

        Assert.EndsWith(Data("""{"error":{"message":"The upstream provider's stream could not be translated.","type":"api_error","param":null,"code":"api_error"}}"""),
            client.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsWithoutNames_AreReadByTheirDataType()
    {
        var nameless = TextStream.Select(e => e[(e.IndexOf('\n', StringComparison.Ordinal) + 1)..]).ToArray();

        Assert.Equal(TextAnswer, (await RunAsync(Context(WireFormat.OpenAIChat), nameless)).Text);
    }

    private static string BlockStart(int index, string block) => Event("content_block_start", $$"""{"type":"content_block_start","index":{{index}},"content_block":{{block}}}""");

    private static string BlockStop(int index) => Event("content_block_stop", $$"""{"type":"content_block_stop","index":{{index}}}""");

    private static string TextDelta(int index, string rawText) =>
        Event("content_block_delta", $$"""{"type":"content_block_delta","index":{{index}},"delta":{"type":"text_delta","text":""" + "\"" + rawText + "\"}}");

    private static string JsonDelta(int index, string rawJson) =>
        Event("content_block_delta", $$"""{"type":"content_block_delta","index":{{index}},"delta":{"type":"input_json_delta","partial_json":""" + "\"" + rawJson + "\"}}");

    private static string MessageDeltaEvent(string stopReason, string usage) =>
        Event("message_delta", $$"""{"type":"message_delta","delta":{"stop_reason":"{{stopReason}}","stop_sequence":null},"usage":{{usage}}}""");
}
