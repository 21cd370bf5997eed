using System.Text.Json;

namespace XaiRouter.Gateway.Keys;

/// <summary>Body of <c>POST /x/keys</c> and <c>PATCH /x/keys/{id}</c>; absent fields inherit (create) or stay (PATCH).</summary>
internal sealed record KeyRequest(
    string? Name,
    List<string?>? Pools,
    List<string?>? Models,
    List<string?>? Endpoints,
    List<string?>? Ips,
    DateTimeOffset? ExpiresAt,
    bool? Manage,
    JsonElement? Limits,
    JsonElement? Budget,
    decimal? PriceMultiplier = null,
    bool? TenantAdmin = null);
