namespace XaiRouter.Gateway.Forwarding;

/// <summary>Tokens of one exchange, kept apart by kind, as the upstream reported them.</summary>
internal readonly record struct TokenUsage(long Input, long CachedInput, long Output, long Reasoning)
{
    /// <summary>What the scanner keeps for a count that is not a whole number in range (<c>1e308</c>, <c>5.5</c>): negative, so never valid.</summary>
    public const long NotAWholeNumber = long.MinValue;

    /// <summary>
    /// The report cannot be true on its face: a count is negative or not a whole number, cached input exceeds input,
    /// <c>total_tokens</c> exceeds the parts, or a sum overflows. Such counts are never billed.
    /// </summary>
    public bool Invalid { get; init; }

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.Input + b.Input, a.CachedInput + b.CachedInput, a.Output + b.Output, a.Reasoning + b.Reasoning) { Invalid = a.Invalid || b.Invalid };

    /// <summary>
    /// Reads OpenAI's usage shapes: chat and completions (<c>prompt_tokens</c>, <c>completion_tokens</c>,
    /// <c>prompt_tokens_details.cached_tokens</c>, <c>completion_tokens_details.reasoning_tokens</c>), Responses
    /// (<c>input_tokens</c>, <c>output_tokens</c>, <c>input_tokens_details.cached_tokens</c>,
    /// <c>output_tokens_details.reasoning_tokens</c>) and embeddings (<c>prompt_tokens</c>); and Anthropic's cache
    /// counts (<c>cache_read_input_tokens</c>, <c>cache_creation_input_tokens</c>), which its <c>input_tokens</c> leaves
    /// out: both are input, the reads are cached input (cache writes are billed at the input price).
    /// </summary>
    /// <param name="fields">Number fields under <c>usage</c>, by dotted path (<c>prompt_tokens_details.cached_tokens</c>).</param>
    public static TokenUsage FromFields(IReadOnlyDictionary<string, long> fields)
    {
        if (fields.Values.Any(v => v < 0))
        {
            return new TokenUsage(0, 0, 0, 0) { Invalid = true };
        }

        try
        {
            checked
            {
                var cacheReads = Get(fields, "cache_read_input_tokens");
                var input = Get(fields, "prompt_tokens") + Get(fields, "input_tokens") + cacheReads + Get(fields, "cache_creation_input_tokens");
                var cached = Get(fields, "prompt_tokens_details.cached_tokens") + Get(fields, "input_tokens_details.cached_tokens") + cacheReads;
                var output = Get(fields, "completion_tokens") + Get(fields, "output_tokens");
                var reasoning = Get(fields, "completion_tokens_details.reasoning_tokens") + Get(fields, "output_tokens_details.reasoning_tokens");
                var parts = input + output + reasoning;
                var invalid = cached > input || (fields.TryGetValue("total_tokens", out var total) && total > parts);
                return new TokenUsage(input, cached, output, reasoning) { Invalid = invalid };
            }
        }
        catch (OverflowException)
        {
            return new TokenUsage(0, 0, 0, 0) { Invalid = true };
        }
    }

    private static long Get(IReadOnlyDictionary<string, long> fields, string name) => fields.TryGetValue(name, out var value) ? value : 0;
}
