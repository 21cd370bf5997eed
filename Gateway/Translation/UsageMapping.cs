using System.Text.Json;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Usage between the formats (README "Translation"). A <see cref="TokenUsage"/> counts all input in
/// <see cref="TokenUsage.Input"/> (cache reads and writes included) and cache reads in <see cref="TokenUsage.CachedInput"/>.
/// Anthropic's <c>input_tokens</c> leaves both cache counts out; OpenAI's <c>prompt_tokens</c> holds them. OpenAI has no
/// field for cache writes, and OpenAI upstreams report none. The ledger does not depend on this: it scans the upstream's
/// own usage before translation.
/// </summary>
internal static class UsageMapping
{
    /// <summary>Writes <c>"usage":{prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details, completion_tokens_details}</c>.</summary>
    public static void WriteOpenAIUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        var prompt = Math.Max(usage.Input, 0);
        var completion = Math.Max(usage.Output, 0);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, prompt);
        writer.WriteNumber("completion_tokens"u8, completion);
        writer.WriteNumber("total_tokens"u8, Add(prompt, completion));
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, Math.Clamp(usage.CachedInput, 0, prompt));
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, Math.Max(usage.Reasoning, 0));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"usage":{input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens}</c>.</summary>
    public static void WriteAnthropicUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        var input = Math.Max(usage.Input, 0);
        var cacheReads = Math.Clamp(usage.CachedInput, 0, input);
        var cacheWrites = Math.Clamp(usage.CacheWrite, 0, input - cacheReads);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, input - cacheReads - cacheWrites);
        writer.WriteNumber("cache_creation_input_tokens"u8, cacheWrites);
        writer.WriteNumber("cache_read_input_tokens"u8, cacheReads);
        writer.WriteNumber("output_tokens"u8, Math.Max(usage.Output, 0));
        writer.WriteEndObject();
    }

    /// <summary>Reads Anthropic's <c>usage</c> object (any field may be missing; missing or malformed counts are 0).</summary>
    public static TokenUsage FromAnthropic(JsonElement usage)
    {
        var cacheReads = Count(usage.Get("cache_read_input_tokens"u8));
        var cacheWrites = Count(usage.Get("cache_creation_input_tokens"u8));
        var input = Add(Add(Count(usage.Get("input_tokens"u8)), cacheReads), cacheWrites);
        return new TokenUsage(input, cacheReads, Count(usage.Get("output_tokens"u8)), 0) { CacheWrite = cacheWrites };
    }

    /// <summary>Reads OpenAI's chat <c>usage</c> object (any field may be missing; missing or malformed counts are 0).</summary>
    public static TokenUsage FromOpenAI(JsonElement usage) => new(
        Count(usage.Get("prompt_tokens"u8)),
        Count(usage.Get("prompt_tokens_details"u8).Get("cached_tokens"u8)),
        Count(usage.Get("completion_tokens"u8)),
        Count(usage.Get("completion_tokens_details"u8).Get("reasoning_tokens"u8)));

    /// <summary>A sum that sticks at <see cref="long.MaxValue"/>: an upstream's absurd counts must not wrap negative.</summary>
    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long Count(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count > 0 ? count : 0;
}
