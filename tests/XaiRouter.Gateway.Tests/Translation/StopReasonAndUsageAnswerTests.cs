using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using XaiRouter.Gateway.Forwarding;
using static XaiRouter.Gateway.Translation.Tests.TranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>The finish_reason / stop_reason maps and the usage maps of README "Translation", answers.</summary>
public sealed class StopReasonAndUsageAnswerTests
{
    [Theory]
    [InlineData("stop", "end_turn")]
    [InlineData("length", "max_tokens")]
    [InlineData("tool_calls", "tool_use")]
    [InlineData("function_call", "tool_use")]
    [InlineData("content_filter", "refusal")]
    [InlineData(null, "end_turn")]
    [InlineData("something_new", "end_turn")]
    public void FinishReason_ToStopReason(string? finishReason, string stopReason)
    {
        Assert.Equal(stopReason, StopReasons.ToAnthropic(finishReason));
        Assert.Equal(stopReason, StopReasons.ToAnthropicUtf8(Encoding.UTF8.GetBytes(finishReason ?? "")));
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("pause_turn", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    [InlineData(null, "stop")]
    public void StopReason_ToFinishReason(string? stopReason, string finishReason)
    {
        Assert.Equal(finishReason, StopReasons.ToOpenAI(stopReason));
        Assert.Equal(finishReason, StopReasons.ToOpenAIUtf8(Encoding.UTF8.GetBytes(stopReason ?? "")));
    }

    [Fact]
    public void AnthropicUsage_AddsBothCacheCountsToPromptTokens()
    {
        var usage = UsageMapping.FromAnthropic(JsonDocument.Parse("""{"input_tokens":100,"cache_read_input_tokens":30,"cache_creation_input_tokens":20,"output_tokens":7}""").RootElement);

        Same("""{"usage":{"prompt_tokens":150,"completion_tokens":7,"total_tokens":157,"prompt_tokens_details":{"cached_tokens":30},"completion_tokens_details":{"reasoning_tokens":0}}}""", Written(w => UsageMapping.WriteOpenAIUsage(w, usage)));
    }

    [Fact]
    public void OpenAIUsage_TakesCachedTokensOutOfInputTokens()
    {
        var usage = UsageMapping.FromOpenAI(JsonDocument.Parse("""{"prompt_tokens":150,"completion_tokens":7,"total_tokens":157,"prompt_tokens_details":{"cached_tokens":30}}""").RootElement);

        Same("""{"usage":{"input_tokens":120,"cache_creation_input_tokens":0,"cache_read_input_tokens":30,"output_tokens":7}}""", Written(w => UsageMapping.WriteAnthropicUsage(w, usage)));
    }

    [Fact]
    public void AbsurdCounts_NeitherWrapNorGoNegative()
    {
        var usage = UsageMapping.FromAnthropic(JsonDocument.Parse("""{"input_tokens":9223372036854775807,"cache_read_input_tokens":9223372036854775807,"output_tokens":-5}""").RootElement);

        Assert.Equal(long.MaxValue, usage.Input);
        Assert.Equal(0, usage.Output);
        var written = Written(w => UsageMapping.WriteAnthropicUsage(w, new TokenUsage(5, 9, -1, 0)));
        Same("""{"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":5,"output_tokens":0}}""", written);
    }

    private static JsonNode Written(Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return JsonNode.Parse(output.WrittenSpan)!;
    }
}
