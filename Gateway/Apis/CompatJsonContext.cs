using System.Text.Json;
using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>Source-generated JSON for the OpenAI- and Anthropic-compatible surfaces (snake_case).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(AnthropicErrorEnvelope))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(ModelObject))]
[JsonSerializable(typeof(ListResponse<ModelObject>))]
[JsonSerializable(typeof(AnthropicModelInfo))]
[JsonSerializable(typeof(AnthropicModelList))]
internal sealed partial class CompatJsonContext : JsonSerializerContext;
