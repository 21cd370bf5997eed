namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The property names the usage scanner looks for, recognised in the answer's UTF-8 bytes (no string is made per
/// name); every other name is <see cref="Other"/>. <see cref="PromptTokens"/> to <see cref="TotalTokens"/> are in slot order
/// (the scanner's slots count from <see cref="PromptTokens"/>); names added later go at the end.
/// </summary>
internal enum UsageName : byte
{
    Other,
    Usage,
    Response,
    Choices,
    Output,
    Delta,
    Content,
    Text,
    Refusal,
    Arguments,
    PromptTokens,
    InputTokens,
    CacheReadInputTokens,
    CacheCreationInputTokens,
    CompletionTokens,
    OutputTokens,
    TotalTokens,
    PromptTokensDetails,
    InputTokensDetails,
    CompletionTokensDetails,
    OutputTokensDetails,
    CachedTokens,
    ReasoningTokens,

    /// <summary>Anthropic's <c>message_start</c> event holds its usage under <c>message.usage</c>.</summary>
    Message,

    /// <summary>Anthropic's tool input fragment in a stream (<c>delta.partial_json</c>).</summary>
    PartialJson,

    /// <summary>Anthropic's thinking text (<c>content[].thinking</c>, <c>delta.thinking</c>), billed as output.</summary>
    Thinking,

    /// <summary>Anthropic's tool input object in an answer (<c>content[].input</c>).</summary>
    Input,

    /// <summary>The model that answered (<c>model</c>, <c>message.model</c>, <c>response.model</c>), for telemetry.</summary>
    Model,

    /// <summary>Why a choice ended (<c>choices[].finish_reason</c>), for telemetry.</summary>
    FinishReason,

    /// <summary>Why Anthropic's answer ended (<c>stop_reason</c>, <c>delta.stop_reason</c>), for telemetry.</summary>
    StopReason,
}
