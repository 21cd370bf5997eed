namespace XaiRouter.Gateway.Tenants;

/// <summary>Answer of <c>POST /x/claim</c>: the tenant's root access key, shown this once and never stored.</summary>
/// <param name="Key">The root access key (<c>sk-Xvs...</c>).</param>
/// <param name="KeyId">Its public id.</param>
/// <param name="TenantId">The claimed tenant.</param>
/// <param name="CreatedAt">When the key was generated.</param>
internal sealed record ClaimResponse(string Key, string KeyId, string TenantId, DateTimeOffset CreatedAt);
