using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Who may change what the whole tenant shares (prices, aliases, routing, fallbacks, pools): the root key, a console
/// session (opened only with the passphrase the root set), or a key the root gave <c>tenant_admin</c>.
/// </summary>
internal static class TenantAuthority
{
    /// <summary>The root key, or a console session opened from the root's passphrase.</summary>
    public static bool IsRoot(UnlockedKey key) => key.Record.Kind is AccessKeyKind.Root or AccessKeyKind.Session;

    public static bool IsTenantAdmin(UnlockedKey key) => IsRoot(key) || key.Record.EffectivePolicy.TenantAdmin;

    /// <returns>The 403 to answer with, or <see langword="null"/> when the key may change tenant-wide state.</returns>
    public static ProblemHttpResult? RequireTenantAdmin(UnlockedKey key) => IsTenantAdmin(key)
        ? null
        : Problems.Forbidden("Tenant-wide settings need the root key or a key the root gave 'tenant_admin'.");
}
