using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// The answering model and the finish reason the scanner picks out for telemetry, in every shape it reads: names only,
/// the first model named, the last reason; an answer's text that looks like one is not taken for it.
/// </summary>
public sealed class UsageScannerAnswerFactsTests
{
    [Theory]
    [InlineData("""{"id":"c","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"model"},"finish_reason":"length"}]}""", "gpt-4o-2024-08-06", "length")]
    [InlineData("""{"id":"m","type":"message","model":"claude-sonnet-4-5","content":[{"type":"text","text":"stop_reason"}],"stop_reason":"end_turn"}""", "claude-sonnet-4-5", "end_turn")]
    [InlineData("""{"type":"response.completed","response":{"model":"gpt-4.1","status":"completed"}}""", "gpt-4.1", null)]
    [InlineData("""{"object":"list","data":[{"embedding":[0.5]}],"model":"text-embedding-3-small"}""", "text-embedding-3-small", null)]
    [InlineData("""{"choices":[{"message":{"content":"{\"model\":\"fake\",\"finish_reason\":\"fake\"}"}}]}""", null, null)]
    public void OneDocument(string json, string? model, string? finishReason)
    {
        var scanner = new UsageScanner();
        scanner.Feed(Encoding.UTF8.GetBytes(json), final: true);

        Assert.Equal((model, finishReason), (scanner.ResponseModel, scanner.FinishReason));
    }

    [Fact]
    public void AnthropicStream_TheModelOfMessageStart_AndTheStopReasonOfMessageDelta()
    {
        var scanner = new UsageScanner();
        foreach (var data in new[]
        {
            """{"type":"message_start","message":{"id":"m","model":"claude-haiku-4-5","stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"stop_reason"}}""",
            """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":9}}""",
        })
        {
            scanner.Reset(keepCounts: true);
            scanner.Feed(Encoding.UTF8.GetBytes(data), final: true);
        }

        Assert.Equal(("claude-haiku-4-5", "max_tokens"), (scanner.ResponseModel, scanner.FinishReason));
    }

    [Fact]
    public void OverlongModelName_IsNotKept()
    {
        var scanner = new UsageScanner();
        scanner.Feed(Encoding.UTF8.GetBytes($$"""{"model":"{{new string('m', 500)}}","choices":[{"finish_reason":"stop"}]}"""), final: true);

        Assert.Equal((null, "stop"), (scanner.ResponseModel, scanner.FinishReason));
    }
}
