namespace XaiRouter.Gateway.Translation;

/// <summary>The body format a client speaks or an upstream provider kind answers in.</summary>
internal enum WireFormat
{
    /// <summary>OpenAI's chat completions (and its other OpenAI routes, which are never translated).</summary>
    OpenAIChat = 0,

    /// <summary>Anthropic's Messages API.</summary>
    AnthropicMessages = 1,
}
