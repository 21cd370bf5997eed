
namespace XaiRouter.Gateway.Vault;

/// <summary>Everything a new credential record needs besides its key material.</summary>
internal sealed record AccessKeyTemplate(
    string TenantId,
    AccessKeyKind Kind,
    string Name,
    string? ParentKeyId,
    bool Manage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null,
    KeyPolicy? Policy = null)
{
    /// <summary>The template of an existing key, to give it a new secret with everything else unchanged.</summary>
    public static AccessKeyTemplate Of(AccessKeyRecord record) =>
        new(record.TenantId, record.Kind, record.Name, record.ParentKeyId, record.Manage, record.CreatedAt, record.ExpiresAt, record.Policy);
}
