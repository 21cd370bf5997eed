using System.Text.Json.Serialization;

namespace XaiRouter.Grains.Tenants;

/// <summary>What a tenant grain stores: metadata only. Stored as plain JSON; keep property names stable.</summary>
internal sealed class TenantState
{
    public string? Name { get; set; }

    [JsonConverter(typeof(JsonStringEnumConverter<TenantStatus>))]
    public TenantStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
