using System.Text.Json.Serialization;
using XaiRouter.Gateway.Pools;

namespace XaiRouter.Gateway.Keys;

/// <summary>A newly issued access key, shown once; with the pools re-keyed on the way when <c>rekey_pools</c> was asked.</summary>
internal sealed record RotatedKeyResponse(
    string Id,
    string Key,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RekeyResponse>? RekeyedPools = null);
