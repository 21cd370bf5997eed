using System.Text;
using CsCheck;
using XaiRouter.Gateway.Forwarding.Tests;
using static XaiRouter.Gateway.Translation.Tests.TranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// Bad input never escapes as an exception (which the pipeline would turn into a 500): mutated and random bodies either
/// translate into valid JSON or are refused; mutated answers either translate or report false; error bodies always give
/// an envelope.
/// </summary>
public sealed class RequestRefusalPropertyTests
{
    private const string AnthropicRequest = """
        {"model":"claude-x","max_tokens":64,"system":[{"type":"text","text":"Be brief."}],"stream":true,"stop_sequences":["END"],
         "tools":[{"name":"get_weather","description":"w","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
         "tool_choice":{"type":"auto","disable_parallel_tool_use":true},"metadata":{"user_id":"u"},
         "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris? \u00e9\u2603"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO+/="}}]},
           {"role":"assistant","content":[{"type":"text","text":"Looking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"sunny"}]},{"type":"text","text":"Thanks"}]}]}
        """;

    private const string OpenAIRequest = """
        {"model":"gpt-x","max_tokens":64,"stream":true,"stream_options":{"include_usage":true},"stop":["END"],"user":"u","parallel_tool_calls":false,
         "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"auto",
         "messages":[{"role":"system","content":"Be brief."},
           {"role":"user","content":[{"type":"text","text":"Weather in Paris? \u00e9\u2603"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO+/="}}]},
           {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
           {"role":"tool","tool_call_id":"call_1","content":"sunny"},{"role":"user","content":"Thanks"}]}
        """;

    private const string AnthropicAnswer = """
        {"id":"msg_1","type":"message","role":"assistant","model":"c","content":[{"type":"text","text":"Hi \u00e9"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":[1,{"b":null}]}}],
         "stop_reason":"tool_use","usage":{"input_tokens":3,"cache_read_input_tokens":1,"output_tokens":2}}
        """;

    private const string OpenAIAnswer = """
        {"id":"c","model":"g","choices":[{"index":0,"message":{"role":"assistant","content":"Hi \u00e9","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":[1]}"}}]},"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":3,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":1}}}
        """;

    private static readonly Gen<byte[]> MutatedAnthropicRequest = Mutated(AnthropicRequest, "messages", "content", "type", "tool_use_id", "input", "max_tokens", "source", "system", "tools");

    private static readonly Gen<byte[]> MutatedOpenAIRequest = Mutated(OpenAIRequest, "messages", "content", "type", "tool_calls", "arguments", "image_url", "role", "tools", "stop");

    [Fact]
    public void SamplesTranslate()
    {
        Assert.NotNull(Request(AnthropicRequest, AnthropicClientOn()));
        Assert.NotNull(Request(OpenAIRequest, OpenAIClientOnAnthropic()));
        Assert.NotNull(Answer(AnthropicAnswer, OpenAIClientOnAnthropic()));
        Assert.NotNull(Answer(OpenAIAnswer, AnthropicClientOn()));
    }

    [Fact]
    public void AnthropicRequests_MutatedOrRandom_TranslateOrAreRefused_NeverThrow()
    {
        Gen.Frequency<byte[]>((6, MutatedAnthropicRequest), (1, InputGenerators.Body)).Sample(body => TranslatesOrRefuses(body, AnthropicClientOn()), iter: 3000);
    }

    [Fact]
    public void OpenAIRequests_MutatedOrRandom_TranslateOrAreRefused_NeverThrow()
    {
        Gen.Frequency<byte[]>((6, MutatedOpenAIRequest), (1, InputGenerators.Body)).Sample(body => TranslatesOrRefuses(body, OpenAIClientOnAnthropic()), iter: 3000);
    }

    [Fact]
    public void Answers_Mutated_TranslateOrReportFalse_NeverThrow()
    {
        var anthropic = Mutated(AnthropicAnswer, "content", "type", "input", "usage", "text");
        var openAI = Mutated(OpenAIAnswer, "choices", "message", "arguments", "tool_calls", "usage");
        Gen.Select(anthropic, openAI).Sample((a, o) =>
        {
            AnswerTranslatesOrFails(a, OpenAIClientOnAnthropic());
            AnswerTranslatesOrFails(o, AnthropicClientOn());
        }, iter: 2000);
    }

    [Fact]
    public void ErrorBodies_AnyBytes_AlwaysGiveAnEnvelope()
    {
        Gen.Select(Gen.Int[100, 599], Gen.Frequency<byte[]>((3, Mutated("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", "error", "message")), (1, Gen.Byte.Array[0, 300])))
            .Sample((status, body) =>
            {
                using var output = new PooledBufferWriter();
                AnswerTranslation.TranslateError(status, body, AnthropicClientOn(), output);
                Assert.Equal("error", JsonDocument.Parse(output.WrittenMemory).RootElement.GetProperty("type").GetString());
                output.Reset();
                AnswerTranslation.TranslateError(status, body, OpenAIClientOnAnthropic(), output);
                Assert.Equal(JsonValueKind.String, JsonDocument.Parse(output.WrittenMemory).RootElement.GetProperty("error").GetProperty("message").ValueKind);
            }, iter: 2000);
    }

    private static void TranslatesOrRefuses(byte[] body, TranslationContext context)
    {
        using var output = new PooledBufferWriter();
        var refusal = RequestTranslation.Translate(body, context, output);
        if (refusal is null)
        {
            using var translated = JsonDocument.Parse(output.WrittenMemory);
            Assert.Equal(JsonValueKind.Object, translated.RootElement.ValueKind);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(refusal.Message));
            Assert.True(refusal.Message != RequestTranslation.UnforeseenShape, $"unforeseen shape: {System.Text.Encoding.UTF8.GetString(body)}");
        }
    }

    private static void AnswerTranslatesOrFails(byte[] body, TranslationContext context)
    {
        using var output = new PooledBufferWriter();
        if (AnswerTranslation.TranslateJson(body, context, output))
        {
            using var translated = JsonDocument.Parse(output.WrittenMemory);
            Assert.Equal(JsonValueKind.Object, translated.RootElement.ValueKind);
        }
    }

    /// <summary>The document with up to three changes: a byte replaced, bytes cut, a value swapped for another kind, a field's name broken.</summary>
    private static Gen<byte[]> Mutated(string json, params string[] fields) =>
        Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Byte, Gen.OneOf(fields), Gen.OneOf("1", "null", "\"x\"", "[]", "{}", "true", "[{}]", "\"data:image/png;base64,\""))
            .Array[0, 3]
            .Select(mutations =>
            {
                var text = json;
                foreach (var (kind, at, value, field, replacement) in mutations)
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    var position = (int)(at * bytes.Length);
                    text = kind switch
                    {
                        0 when bytes.Length > 0 => Encoding.UTF8.GetString([.. bytes[..Math.Min(position, bytes.Length - 1)], value, .. bytes[(Math.Min(position, bytes.Length - 1) + 1)..]]),
                        1 => text[..Math.Min(position, text.Length)],
                        2 => ReplaceValue(text, field, replacement),
                        3 => text.Replace($"\"{field}\"", $"\"{field}x\"", StringComparison.Ordinal),
                        _ => text.Replace($"\"{field}\":", $"\"{field}\":{replacement},\"{field}2\":", StringComparison.Ordinal),
                    };
                }

                return Encoding.UTF8.GetBytes(text);
            });

    /// <summary>Replaces the first value after <c>"field":</c> up to the next comma or brace with <paramref name="replacement"/>.</summary>
    private static string ReplaceValue(string text, string field, string replacement)
    {
        var start = text.IndexOf($"\"{field}\":", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        start += field.Length + 3;
        var end = text.IndexOfAny([',', '}', ']'], start);
        return end < 0 ? text : text[..start] + replacement + text[end..];
    }
}
