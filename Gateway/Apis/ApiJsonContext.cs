using System.Text.Json;
using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>Source-generated JSON for the operator and management APIs: snake_case, as OpenAI's API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateTenantRequest))]
[JsonSerializable(typeof(TenantResponse))]
[JsonSerializable(typeof(ListResponse<TenantResponse>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
