using System.Text;
using System.Text.Json.Nodes;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>Runs the translators on JSON text and compares JSON documents, for the translation tests.</summary>
internal static class TranslationHarness
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    public static TranslationContext OpenAIClientOnAnthropic(long defaultMaxTokens = 4096) => new()
    {
        Client = WireFormat.OpenAIChat,
        Upstream = WireFormat.AnthropicMessages,
        UpstreamKind = ProviderKind.Anthropic,
        Model = "claude-attempt",
        DefaultMaxTokens = defaultMaxTokens,
        Time = new FixedTime(Now),
    };

    public static TranslationContext AnthropicClientOn(ProviderKind kind = ProviderKind.OpenAICompatible) => new()
    {
        Client = WireFormat.AnthropicMessages,
        Upstream = WireFormat.OpenAIChat,
        UpstreamKind = kind,
        Model = "gpt-attempt",
        DefaultMaxTokens = 4096,
        Time = new FixedTime(Now),
    };

    /// <summary>Translates a request that must translate, and gives the upstream body.</summary>
    public static JsonNode Request(string body, TranslationContext context)
    {
        using var output = new PooledBufferWriter();
        var refusal = RequestTranslation.Translate(Encoding.UTF8.GetBytes(body), context, output);
        Assert.True(refusal is null, $"refused {refusal}");
        return JsonNode.Parse(output.WrittenSpan)!;
    }

    /// <summary>Translates a request that must be refused, and gives the refusal.</summary>
    public static TranslationRefusal Refusal(string body, TranslationContext context) => Refusal(Encoding.UTF8.GetBytes(body), context);

    public static TranslationRefusal Refusal(byte[] body, TranslationContext context)
    {
        using var output = new PooledBufferWriter();
        var refusal = RequestTranslation.Translate(body, context, output);
        Assert.NotNull(refusal);
        Assert.False(string.IsNullOrEmpty(refusal.Message));
        Assert.NotEqual(RequestTranslation.UnforeseenShape, refusal.Message);
        return refusal;
    }

    /// <summary>Translates a whole 2xx answer that must translate.</summary>
    public static JsonNode Answer(string body, TranslationContext context)
    {
        using var output = new PooledBufferWriter();
        Assert.True(AnswerTranslation.TranslateJson(Encoding.UTF8.GetBytes(body), context, output), "the answer was not translated");
        return JsonNode.Parse(output.WrittenSpan)!;
    }

    public static JsonNode Error(int status, string body, TranslationContext context)
    {
        using var output = new PooledBufferWriter();
        AnswerTranslation.TranslateError(status, Encoding.UTF8.GetBytes(body), context, output);
        return JsonNode.Parse(output.WrittenSpan)!;
    }

    /// <summary>Asserts that <paramref name="actual"/> is the JSON <paramref name="expected"/> (property order aside).</summary>
    public static void Same(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(want, actual), $"expected {want?.ToJsonString()}\n  actual {actual?.ToJsonString()}");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
