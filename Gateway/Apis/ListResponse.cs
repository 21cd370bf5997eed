using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>A list in OpenAI's shape: <c>{"object":"list","data":[...]}</c>.</summary>
internal sealed record ListResponse<T>(IReadOnlyList<T> Data)
{
    [JsonPropertyOrder(-1)]
    public string Object { get; } = "list";
}
