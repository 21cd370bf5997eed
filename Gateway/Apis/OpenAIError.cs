using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>The body of OpenAI's error envelope; <c>param</c> and <c>code</c> are written even when null.</summary>
internal sealed record OpenAIError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
