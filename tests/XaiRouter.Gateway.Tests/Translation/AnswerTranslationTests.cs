using System.Text;
using static XaiRouter.Gateway.Translation.Tests.TranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>Whole (non-streamed) answers both ways (README "Translation", answers).</summary>
public sealed class AnswerTranslationTests
{
    [Fact]
    public void AnthropicMessage_BecomesAChatCompletion()
    {
        var answer = Answer("""
            {"id":"msg_01XF","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"thinking","thinking":"hmm","signature":"EqQB"},{"type":"text","text":"Hi"},{"type":"text","text":"!"},
                        {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{ "city" : "Paris" }}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":21,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":12,"service_tier":"standard"}}
            """, OpenAIClientOnAnthropic());

        Same($$$$"""
            {"id":"msg_01XF","object":"chat.completion","created":{{{{Now.ToUnixTimeSeconds()}}}},"model":"claude-sonnet-4-5-20250929",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi!","refusal":null,
               "tool_calls":[{"id":"toolu_01A","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":33,"completion_tokens":12,"total_tokens":45,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":0}}}
            """, answer);
    }

    [Fact]
    public void AnthropicMessage_WithoutText_HasNullContent_AndNoToolCalls()
    {
        var answer = Answer("""{"id":"m","type":"message","model":"c","content":[],"stop_reason":"max_tokens","usage":{"input_tokens":1,"output_tokens":2}}""", OpenAIClientOnAnthropic());

        Same("""{"role":"assistant","content":null,"refusal":null}""", answer["choices"]![0]!["message"]);
        Assert.Equal("length", answer["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public void ChatCompletion_BecomesAnAnthropicMessage()
    {
        var answer = Answer("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Let me check.","refusal":null,
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}}]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":30,"completion_tokens":9,"total_tokens":39,"prompt_tokens_details":{"cached_tokens":10}}}
            """, AnthropicClientOn());

        Same("""
            {"id":"chatcmpl-1","type":"message","role":"assistant","model":"gpt-4o-2024-08-06",
             "content":[{"type":"text","text":"Let me check."},{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":10,"output_tokens":9}}
            """, answer);
    }

    [Fact]
    public void ChatCompletion_WithEmptyContentAndNoUsage_HasNoTextBlock_AndZeroUsage()
    {
        var answer = Answer("""{"id":"c","choices":[{"message":{"role":"assistant","content":""},"finish_reason":"stop"}]}""", AnthropicClientOn());

        Same("[]", answer["content"]);
        Assert.Equal("end_turn", answer["stop_reason"]!.GetValue<string>());
        Assert.Equal("gpt-attempt", answer["model"]!.GetValue<string>());
        Same("""{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}""", answer["usage"]);
    }

    [Fact]
    public void ChatCompletion_Refusal_IsTextWithStopReasonRefusal()
    {
        var answer = Answer("""{"id":"c","model":"g","choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't help."},"finish_reason":"stop"}]}""", AnthropicClientOn());

        Same("""[{"type":"text","text":"I can't help."}]""", answer["content"]);
        Assert.Equal("refusal", answer["stop_reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"[1,2]\"")]
    [InlineData("\"{\\\"a\\\":\"")]
    [InlineData("42")]
    public void ChatCompletion_ToolArgumentsNotAnObject_CannotBeTranslated(string arguments)
    {
        Assert.False(TranslateJson($$$"""{"id":"c","choices":[{"message":{"role":"assistant","tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":{{{arguments}}}}}]},"finish_reason":"tool_calls"}]}""", AnthropicClientOn()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"choices":[]}""")]
    [InlineData("""{"choices":[{"message":"x"}]}""")]
    [InlineData("""{"choices":[{"message":{"content":"a"}}],"id":1,"id":2}""")]
    public void BadOpenAIAnswers_CannotBeTranslated(string body)
    {
        Assert.False(TranslateJson(body, AnthropicClientOn()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>")]
    [InlineData("""{"type":"message","content":"text"}""")]
    [InlineData("""{"content":[{"type":"tool_use","id":"t","name":"f","input":[1]}]}""")]
    public void BadAnthropicAnswers_CannotBeTranslated(string body)
    {
        Assert.False(TranslateJson(body, OpenAIClientOnAnthropic()));
    }

    private static bool TranslateJson(string body, TranslationContext context)
    {
        using var output = new PooledBufferWriter();
        return AnswerTranslation.TranslateJson(Encoding.UTF8.GetBytes(body), context, output);
    }
}
