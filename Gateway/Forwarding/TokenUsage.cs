namespace XaiRouter.Gateway.Forwarding;

/// <summary>Tokens of one exchange, kept apart by kind, as the upstream reported them.</summary>
internal readonly record struct TokenUsage(long Input, long CachedInput, long Output, long Reasoning)
{
    /// <summary>What the scanner keeps for a count that is not a whole number in range (<c>1e308</c>, <c>5.5</c>): negative, so never valid.</summary>
    public const long NotAWholeNumber = long.MinValue;

    /// <summary>
    /// Input tokens written to the provider's prompt cache (Anthropic's <c>cache_creation_input_tokens</c>): part of
    /// <see cref="Input"/>, like <see cref="CachedInput"/> (the reads), and priced at the model's <c>cache_write</c> price.
    /// </summary>
    public long CacheWrite { get; init; }

    /// <summary>
    /// The report cannot be true on its face: a count is negative or not a whole number, cached input and cache writes
    /// together exceed input, or a sum overflows. Such counts are never billed.
    /// </summary>
    public bool Invalid { get; init; }

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.Input + b.Input, a.CachedInput + b.CachedInput, a.Output + b.Output, a.Reasoning + b.Reasoning)
        {
            CacheWrite = a.CacheWrite + b.CacheWrite,
            Invalid = a.Invalid || b.Invalid,
        };

    /// <summary>
    /// Reads OpenAI's usage shapes: chat and completions (<c>prompt_tokens</c>, <c>completion_tokens</c>,
    /// <c>prompt_tokens_details.cached_tokens</c>, <c>completion_tokens_details.reasoning_tokens</c>), Responses
    /// (<c>input_tokens</c>, <c>output_tokens</c>, <c>input_tokens_details.cached_tokens</c>,
    /// <c>output_tokens_details.reasoning_tokens</c>) and embeddings (<c>prompt_tokens</c>); and Anthropic's cache
    /// counts (<c>cache_read_input_tokens</c>, <c>cache_creation_input_tokens</c>), which its <c>input_tokens</c> leaves
    /// out: both are input, the reads are cached input and the creations are cache writes.
    /// </summary>
    /// <remarks>
    /// A <c>total_tokens</c> above input plus output is output the upstream generated without itemizing it: Gemini's
    /// OpenAI-compatible endpoint and xAI leave thinking tokens out of <c>completion_tokens</c> but count them in the
    /// total (and bill them as output). The excess is output and reasoning, so it is billed, not refused.
    /// </remarks>
    /// <param name="fields">Number fields under <c>usage</c>, by dotted path (<c>prompt_tokens_details.cached_tokens</c>).</param>
    public static TokenUsage FromFields(IReadOnlyDictionary<string, long> fields)
    {
        if (fields.Values.Any(v => v < 0))
        {
            return new TokenUsage(0, 0, 0, 0) { Invalid = true };
        }

        return FromCounts(
            Get(fields, "prompt_tokens"), Get(fields, "input_tokens"), Get(fields, "cache_read_input_tokens"), Get(fields, "cache_creation_input_tokens"),
            Get(fields, "completion_tokens"), Get(fields, "output_tokens"), fields.TryGetValue("total_tokens", out var total) ? total : null,
            Get(fields, "prompt_tokens_details.cached_tokens"), Get(fields, "input_tokens_details.cached_tokens"),
            Get(fields, "completion_tokens_details.reasoning_tokens"), Get(fields, "output_tokens_details.reasoning_tokens"));
    }

    /// <summary>The rule of <see cref="FromFields"/> on counts already known to be non-negative (absent ones 0, an absent total null).</summary>
    internal static TokenUsage FromCounts(
        long promptTokens, long inputTokens, long cacheReads, long cacheWrites, long completionTokens, long outputTokens, long? totalTokens,
        long promptCached, long inputCached, long completionReasoning, long outputReasoning)
    {
        try
        {
            checked
            {
                var input = promptTokens + inputTokens + cacheReads + cacheWrites;
                var cached = promptCached + inputCached + cacheReads;
                var output = completionTokens + outputTokens;
                var reasoning = completionReasoning + outputReasoning;
                var unitemized = totalTokens is { } total && total > input + output ? total - input - output : 0;
                var invalid = cached + cacheWrites > input;
                return new TokenUsage(input, cached, output + unitemized, Math.Max(reasoning, unitemized)) { CacheWrite = cacheWrites, Invalid = invalid };
            }
        }
        catch (OverflowException)
        {
            return new TokenUsage(0, 0, 0, 0) { Invalid = true };
        }
    }

    private static long Get(IReadOnlyDictionary<string, long> fields, string name) => fields.TryGetValue(name, out var value) ? value : 0;
}
