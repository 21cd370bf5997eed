using System.Text.Json;
using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Apis;

/// <summary>Source-generated JSON for the operator and management APIs: snake_case, as OpenAI's API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateTenantRequest))]
[JsonSerializable(typeof(TenantResponse))]
[JsonSerializable(typeof(ListResponse<TenantResponse>))]
[JsonSerializable(typeof(ProviderKeys.ProviderKeyRequest))]
[JsonSerializable(typeof(ProviderKeys.ProviderKeyResponse))]
[JsonSerializable(typeof(ListResponse<ProviderKeys.ProviderKeyResponse>))]
[JsonSerializable(typeof(Pools.PoolRequest))]
[JsonSerializable(typeof(Pools.PoolResponse))]
[JsonSerializable(typeof(ListResponse<Pools.PoolResponse>))]
[JsonSerializable(typeof(Pools.RekeyResponse))]
[JsonSerializable(typeof(Pools.RekeyRequest))]
[JsonSerializable(typeof(Keys.RotateRequest))]
[JsonSerializable(typeof(Keys.RotatedKeyResponse))]
[JsonSerializable(typeof(Keys.PassphraseRequest))]
[JsonSerializable(typeof(Keys.PassphraseResponse))]
[JsonSerializable(typeof(Keys.SessionRequest))]
[JsonSerializable(typeof(Keys.SessionResponse))]
[JsonSerializable(typeof(Keys.KeyRequest))]
[JsonSerializable(typeof(Keys.KeyResponse))]
[JsonSerializable(typeof(ListResponse<Keys.KeyResponse>))]
[JsonSerializable(typeof(Usage.UsageReport))]
[JsonSerializable(typeof(Usage.PricesRequest))]
[JsonSerializable(typeof(Usage.PricesResponse))]
[JsonSerializable(typeof(ListResponse<XaiRouter.Grains.Abstractions.Usage.UsageRecord>))]
[JsonSerializable(typeof(ListResponse<Usage.RequestLogRow>))]
[JsonSerializable(typeof(Usage.TenantUsageReport))]
[JsonSerializable(typeof(ListResponse<XaiRouter.Grains.Abstractions.Admin.ClusterNode>))]
[JsonSerializable(typeof(Settings.SettingsRequest))]
[JsonSerializable(typeof(Settings.SettingsResponse))]
[JsonSerializable(typeof(Tenants.ClaimRequest))]
[JsonSerializable(typeof(Tenants.ClaimResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
