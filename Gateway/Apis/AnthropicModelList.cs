using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>A page of Anthropic's model list: <c>{"data":[...],"has_more","first_id","last_id"}</c>.</summary>
internal sealed record AnthropicModelList(
    IReadOnlyList<AnthropicModelInfo> Data,
    bool HasMore,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FirstId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LastId);
