namespace XaiRouter.Gateway.Apis;

/// <summary><c>{"error":{...}}</c></summary>
internal sealed record OpenAIErrorEnvelope(OpenAIError Error);
