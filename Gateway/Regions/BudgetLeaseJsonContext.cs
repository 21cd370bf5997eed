using System.Text.Json;
using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Regions;

/// <summary>Source-generated JSON of <c>POST /admin/regions/budget-lease</c>: snake_case, as every management route.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BudgetLeaseAsk))]
[JsonSerializable(typeof(BudgetLeaseGrant))]
internal sealed partial class BudgetLeaseJsonContext : JsonSerializerContext;
