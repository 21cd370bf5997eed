namespace XaiRouter.Gateway.Translation;

/// <summary>
/// OpenAI's <c>finish_reason</c> and Anthropic's <c>stop_reason</c>, each into the other (README "Translation"). The
/// results are constants, so callers write them without allocating; an unknown or missing reason maps to the plain end.
/// </summary>
internal static class StopReasons
{
    public static string ToAnthropic(string? finishReason) => finishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ => "end_turn",
    };

    /// <inheritdoc cref="ToAnthropic(string?)"/>
    /// <param name="finishReason">The reason's UTF-8 (as a stream translator reads it); empty when there is none.</param>
    public static string ToAnthropicUtf8(ReadOnlySpan<byte> finishReason) =>
        finishReason.SequenceEqual("length"u8) ? "max_tokens"
        : finishReason.SequenceEqual("tool_calls"u8) || finishReason.SequenceEqual("function_call"u8) ? "tool_use"
        : finishReason.SequenceEqual("content_filter"u8) ? "refusal"
        : "end_turn";

    public static string ToOpenAI(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    /// <inheritdoc cref="ToOpenAI(string?)"/>
    /// <param name="stopReason">The reason's UTF-8 (as a stream translator reads it); empty when there is none.</param>
    public static string ToOpenAIUtf8(ReadOnlySpan<byte> stopReason) =>
        stopReason.SequenceEqual("max_tokens"u8) || stopReason.SequenceEqual("model_context_window_exceeded"u8) ? "length"
        : stopReason.SequenceEqual("tool_use"u8) ? "tool_calls"
        : stopReason.SequenceEqual("refusal"u8) ? "content_filter"
        : "stop";
}
