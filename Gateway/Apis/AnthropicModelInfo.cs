using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>A model in Anthropic's shape: <c>{"type":"model","id","display_name","created_at"}</c> (RFC 3339).</summary>
internal sealed record AnthropicModelInfo(string Id, string DisplayName, DateTimeOffset CreatedAt)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "model";
}
