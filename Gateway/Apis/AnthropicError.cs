namespace XaiRouter.Gateway.Apis;

/// <summary>The body of Anthropic's error envelope.</summary>
internal sealed record AnthropicError(string Type, string Message);
