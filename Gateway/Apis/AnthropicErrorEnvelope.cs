namespace XaiRouter.Gateway.Apis;

/// <summary><c>{"type":"error","error":{...}}</c></summary>
internal sealed record AnthropicErrorEnvelope(AnthropicError Error)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Type { get; } = "error";
}
