namespace XaiRouter.Gateway.Forwarding;

/// <summary>Tokens of one exchange, kept apart by kind, as the upstream reported them.</summary>
internal readonly record struct TokenUsage(long Input, long CachedInput, long Output, long Reasoning)
{
    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.Input + b.Input, a.CachedInput + b.CachedInput, a.Output + b.Output, a.Reasoning + b.Reasoning);

    /// <summary>
    /// Reads OpenAI's usage shapes: chat and completions (<c>prompt_tokens</c>, <c>completion_tokens</c>,
    /// <c>prompt_tokens_details.cached_tokens</c>, <c>completion_tokens_details.reasoning_tokens</c>), Responses
    /// (<c>input_tokens</c>, <c>output_tokens</c>, <c>input_tokens_details.cached_tokens</c>,
    /// <c>output_tokens_details.reasoning_tokens</c>) and embeddings (<c>prompt_tokens</c>).
    /// </summary>
    /// <param name="fields">Number fields under <c>usage</c>, by dotted path (<c>prompt_tokens_details.cached_tokens</c>).</param>
    public static TokenUsage FromFields(IReadOnlyDictionary<string, long> fields) => new(
        Get(fields, "prompt_tokens") + Get(fields, "input_tokens"),
        Get(fields, "prompt_tokens_details.cached_tokens") + Get(fields, "input_tokens_details.cached_tokens"),
        Get(fields, "completion_tokens") + Get(fields, "output_tokens"),
        Get(fields, "completion_tokens_details.reasoning_tokens") + Get(fields, "output_tokens_details.reasoning_tokens"));

    private static long Get(IReadOnlyDictionary<string, long> fields, string name) => fields.TryGetValue(name, out var value) ? value : 0;
}
