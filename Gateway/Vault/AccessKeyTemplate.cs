
namespace XaiRouter.Gateway.Vault;

/// <summary>Everything a new credential record needs besides its key material.</summary>
internal sealed record AccessKeyTemplate(
    string TenantId,
    AccessKeyKind Kind,
    string Name,
    string? ParentKeyId,
    bool Manage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null);
