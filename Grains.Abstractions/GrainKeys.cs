namespace XaiRouter.Grains.Abstractions;

/// <summary>
/// Builds grain keys. Every key carries a readable prefix because the ADO.NET grain storage treats string keys
/// that look like hex numbers as integer keys, so <c>"50759e"</c> and <c>"050759E"</c> would share a row.
/// </summary>
public static class GrainKeys
{
    /// <summary>Prefix of <see cref="Tenants.ITenantGrain"/> keys.</summary>
    public const string TenantPrefix = "t:";

    /// <summary>Key of the single <see cref="Tenants.ITenantDirectoryGrain"/>.</summary>
    public const string TenantDirectory = "dir:tenants";

    /// <summary>Key of the single <see cref="Admin.INodeAgentRegistryGrain"/>.</summary>
    public const string NodeAgents = "dir:node-agents";

    /// <summary>Prefix of <see cref="Keys.IAccessKeyGrain"/> keys.</summary>
    public const string AccessKeyPrefix = "k:";

    /// <summary>Prefix of <see cref="ProviderKeys.IProviderKeyGrain"/> keys.</summary>
    public const string ProviderKeyPrefix = "pk:";

    /// <summary>The key of the credential grain for <paramref name="keyId"/>.</summary>
    /// <param name="keyId">The public key id.</param>
    /// <returns><c>k:</c> followed by the key id.</returns>
    public static string AccessKey(string keyId) => AccessKeyPrefix + keyId;

    /// <summary>The key of a provider key grain: tenant and id, so ids cannot reach across tenants.</summary>
    /// <param name="tenantId">The owning tenant.</param>
    /// <param name="providerKeyId">The provider key id.</param>
    /// <returns><c>pk:</c> tenant <c>:</c> id.</returns>
    public static string ProviderKey(string tenantId, string providerKeyId) => ProviderKeyPrefix + tenantId + ":" + providerKeyId;

    /// <summary>Prefix of <see cref="Usage.IUsageLedgerGrain"/> keys.</summary>
    public const string UsageLedgerPrefix = "u:";

    /// <summary>The key of a tenant's usage ledger for one UTC day.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="day">The UTC day.</param>
    /// <returns><c>u:</c> tenant <c>:</c> yyyy-MM-dd.</returns>
    public static string UsageLedger(string tenantId, DateOnly day) =>
        UsageLedgerPrefix + tenantId + ":" + day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The key of the tenant grain for <paramref name="tenantId"/>.</summary>
    /// <param name="tenantId">The public tenant id.</param>
    /// <returns><c>t:</c> followed by the tenant id.</returns>
    public static string Tenant(string tenantId) => TenantPrefix + tenantId;

    /// <summary>Prefix of <see cref="Limits.IRateLimiterGrain"/> keys.</summary>
    public const string RateLimiterPrefix = "rl:";

    /// <summary>The key of a limit scope of a tenant, e.g. <c>k:{keyId}</c>, <c>k:{keyId}:m:{model}</c>, <c>pk:{id}</c>.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="scope">The scope inside the tenant.</param>
    /// <returns><c>rl:</c> tenant <c>:</c> scope.</returns>
    public static string RateLimiter(string tenantId, string scope) => RateLimiterPrefix + tenantId + ":" + scope;

    /// <summary>Prefix of <see cref="Health.IProviderHealthGrain"/> keys.</summary>
    public const string ProviderHealthPrefix = "ph:";

    /// <summary>The key of a provider key's health grain.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="providerKeyId">The provider key.</param>
    /// <returns><c>ph:</c> tenant <c>:</c> id.</returns>
    public static string ProviderHealth(string tenantId, string providerKeyId) => ProviderHealthPrefix + tenantId + ":" + providerKeyId;
}
