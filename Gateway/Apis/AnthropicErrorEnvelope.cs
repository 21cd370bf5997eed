namespace XaiRouter.Gateway.Apis;

/// <summary><c>{"type":"error","error":{...},"request_id":"req_..."}</c></summary>
internal sealed record AnthropicErrorEnvelope(AnthropicError Error, string? RequestId = null)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Type { get; } = "error";
}
