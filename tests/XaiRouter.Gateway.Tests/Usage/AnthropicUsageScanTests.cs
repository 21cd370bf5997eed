using System.Text;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 17, usage: Anthropic's answers are scanned in their own shapes. A JSON answer reports its usage at the top
/// level; a stream reports input and cache counts in <c>message_start</c> (under <c>message.usage</c>, which the
/// scanner did not read) and cumulative output in <c>message_delta</c> (older API versions: output only), so the tap
/// merges the events' counts instead of keeping the last event's. The answer's text (for an estimate) is read from
/// content blocks and deltas.
/// </summary>
public sealed class AnthropicUsageScanTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>§2's JSON answer, with 5 tokens read from the prompt cache and 7 written to it.</summary>
    private const string JsonAnswer = """
        {"id":"msg_01XF","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Hi!"},{"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":21,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,
                  "cache_creation":{"ephemeral_5m_input_tokens":7,"ephemeral_1h_input_tokens":0},"output_tokens":12,"service_tier":"standard"}}
        """;

    private const string MessageStart =
        """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":1}}}""";

    /// <summary>§2's stream between <c>message_start</c> and <c>message_delta</c>: a text block, a ping, a tool_use block.</summary>
    private static readonly (string Name, string Data)[] Blocks =
    [
        ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
        ("ping", """{"type":"ping"}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"""),
        ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
        ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"is\"}"}}"""),
        ("content_block_stop", """{"type":"content_block_stop","index":1}"""),
    ];

    [Fact]
    public void JsonAnswer_OneByteAtATime_ReadsInputCacheReadsCacheWritesAndOutput_AndTheText()
    {
        var text = new TextSample();
        var sut = new UsageScanner(text);
        var bytes = Encoding.UTF8.GetBytes(JsonAnswer);

        for (var i = 0; i < bytes.Length; i++)
        {
            sut.Feed(bytes.AsSpan(i, 1), final: false);
        }

        sut.Feed([], final: true);

        Assert.Equal(new TokenUsage(33, 5, 12, 0) { CacheWrite = 7 }, sut.Usage);
        Assert.Equal("Hi!Paris", text.Text);
    }

    [Fact]
    public async Task Stream_WhoseMessageDeltaRepeatsEveryCount_IsCountedOnce()
    {
        var (usage, _, _) = await TapAsync(
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":25,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":42}}"""));

        Assert.Equal(new TokenUsage(37, 5, 42, 0) { CacheWrite = 7 }, usage);
    }

    /// <summary>The old tap kept the last event's usage: 0 input tokens and no cache counts for such a stream.</summary>
    [Fact]
    public async Task Stream_WhoseMessageDeltaHasOutputOnly_KeepsTheInputAndCacheCountsOfMessageStart()
    {
        var (usage, text, _) = await TapAsync(
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}"""));

        Assert.Equal(new TokenUsage(37, 5, 42, 0) { CacheWrite = 7 }, usage);
        Assert.Equal("Hello{\"city\": \"Paris\"}", text);
    }

    [Fact]
    public async Task Stream_EveryEventReachesTheClient_Unchanged_EvenWhenTheRouterAskedForUsage()
    {
        var (_, _, forwarded) = await TapAsync(routerAskedForUsage: true,
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}"""));

        Assert.Equal(Sse([("message_start", MessageStart), .. Blocks, ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}"""), ("message_stop", """{"type":"message_stop"}""")]), forwarded);
    }

    [Fact]
    public async Task Stream_ALaterEventWithANegativeCount_StaysInvalid()
    {
        var (usage, _, _) = await TapAsync(
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":-1000000,"output_tokens":42}}"""));

        Assert.True(usage!.Value.Invalid);
    }

    [Fact]
    public async Task ThinkingStream_TheThinkingTextCountsAsAnswerText()
    {
        var (usage, text, _) = await TapAsync(
            [
                ("message_start", MessageStart),
                ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"""),
                ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think."}}"""),
                ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}"""),
                ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
                ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"""),
                ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" Done."}}"""),
                ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}"""),
                ("message_stop", """{"type":"message_stop"}"""),
            ],
            routerAskedForUsage: false);

        Assert.Equal(new TokenUsage(37, 5, 9, 0) { CacheWrite = 7 }, usage);
        Assert.Equal("Let me think. Done.", text);
    }

    /// <summary>
    /// adv17: an upstream event that never ends (no blank line) was held whole by the tap (unbounded memory, and a
    /// translator behind it saw nothing). Past the cap it is passed on as it comes, unscanned, and the events after it
    /// are scanned again.
    /// </summary>
    [Fact]
    public async Task EventPastTheCap_IsPassedOnAsItComes_AndLaterUsageStillCounts()
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        using var client = new MemoryStream();
        await using var tap = new UsageTap(client, context.Response, static () => false, TimeProvider.System, maxEventBytes: 1024);
        var longEvent = "data: " + new string('x', 1200);

        await tap.WriteAsync(Encoding.UTF8.GetBytes(longEvent[..600]), TestContext.Current.CancellationToken);
        await tap.WriteAsync(Encoding.UTF8.GetBytes(longEvent[600..] + "\n"), TestContext.Current.CancellationToken);
        Assert.Equal(longEvent.Length + 1, client.Length);

        const string usage = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4,\"total_tokens\":14}}\n\n";
        await tap.WriteAsync(Encoding.UTF8.GetBytes("\n" + usage), TestContext.Current.CancellationToken);
        await tap.CompleteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(longEvent + "\n\n" + usage, Encoding.UTF8.GetString(client.ToArray()));
        Assert.Equal((10, 4), (tap.Usage!.Value.Input, tap.Usage!.Value.Output));
    }

    /// <summary>An OpenAI stream keeps the last usage it reports, as before (a provider that repeats usage per chunk).</summary>
    [Fact]
    public async Task OpenAIStream_TheLastUsageCounts_NotTheLargest()
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        await using var tap = new UsageTap(Stream.Null, context.Response, static () => false, TimeProvider.System);
        await tap.WriteAsync(Encoding.UTF8.GetBytes(
            """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}

            data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14}}

            data: [DONE]


            """.Replace("\r\n", "\n", StringComparison.Ordinal)), Cancellation);
        await tap.CompleteAsync(Cancellation);

        Assert.Equal(new TokenUsage(10, 0, 4, 0), tap.Usage);
    }

    private static Task<(TokenUsage? Usage, string Text, string Forwarded)> TapAsync(params (string Name, string Data)[] delta) =>
        TapAsync([("message_start", MessageStart), .. Blocks, .. delta, ("message_stop", """{"type":"message_stop"}""")], routerAskedForUsage: false);

    private static Task<(TokenUsage? Usage, string Text, string Forwarded)> TapAsync(bool routerAskedForUsage, params (string Name, string Data)[] delta) =>
        TapAsync([("message_start", MessageStart), .. Blocks, .. delta, ("message_stop", """{"type":"message_stop"}""")], routerAskedForUsage);

    /// <summary>Writes the events through a tap in uneven pieces, as the forwarder's copy would.</summary>
    private static async Task<(TokenUsage? Usage, string Text, string Forwarded)> TapAsync((string Name, string Data)[] events, bool routerAskedForUsage)
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        using var client = new MemoryStream();
        await using var tap = new UsageTap(client, context.Response, () => routerAskedForUsage, TimeProvider.System);
        var bytes = Encoding.UTF8.GetBytes(Sse(events));
        for (var offset = 0; offset < bytes.Length; offset += 37)
        {
            await tap.WriteAsync(bytes.AsMemory(offset, Math.Min(37, bytes.Length - offset)), Cancellation);
        }

        await tap.CompleteAsync(Cancellation);
        return (tap.Usage, tap.Text.Text, Encoding.UTF8.GetString(client.ToArray()));
    }

    private static string Sse(IEnumerable<(string Name, string Data)> events) => string.Concat(events.Select(e => $"event: {e.Name}\ndata: {e.Data}\n\n"));
}
