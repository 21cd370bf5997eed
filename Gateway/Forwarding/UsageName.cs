namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The property names the usage scanner looks for, recognised in the answer's UTF-8 bytes (no string is made per
/// name); every other name is <see cref="Other"/>. The first eleven name the counts that <see cref="TokenUsage"/> reads.
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
}
