using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Tenants;

/// <summary>The operator's view of tenants: create, list, enable and disable. Metadata and claim tokens, never a key.</summary>
internal sealed partial class TenantAdministration(
    IGrainFactory grains, TimeProvider timeProvider, RouterClock clock, IOptions<TenantsOptions> options, ILogger<TenantAdministration> logger)
{
    private readonly TimeSpan _claimTokenLifetime = options.Value.ClaimTokenLifetime;

    private ITenantDirectoryGrain Directory => grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory);

    /// <summary>
    /// Creates a tenant with a fresh random id and its pool <c>default</c>, unclaimed: no key exists yet, only the
    /// hash of a single-use claim token, which is returned once. The tenant claims its root key with it
    /// (<see cref="TenantClaims"/>), so the operator never holds a tenant key.
    /// </summary>
    /// <remarks>Order: directory entry, then the tenant, so that a created tenant is always listed.</remarks>
    public async Task<(TenantInfo Tenant, IssuedClaimToken ClaimToken)> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var tenantId = RandomIds.NewTenantId();
        var (token, hash) = ClaimTokenFormat.Issue(tenantId);
        var expiresAt = clock.UtcNow + _claimTokenLifetime;

        await Directory.RegisterAsync(tenantId, name).WaitAsync(cancellationToken);
        var tenant = await Tenant(tenantId).CreateUnclaimedAsync(name, timeProvider.GetUtcNow(), hash, expiresAt).WaitAsync(cancellationToken);
        LogTenantCreated(logger, tenant.Id);
        return (tenant, new IssuedClaimToken(token, expiresAt));
    }

    /// <summary>A fresh claim token for a tenant that is still unclaimed; the previous token stops working.</summary>
    /// <returns><see cref="ClaimStatus.Pending"/> with the tenant and token, or why not (unknown tenant, already claimed).</returns>
    public async Task<(ClaimStatus Status, TenantInfo? Tenant, IssuedClaimToken? ClaimToken)> ReissueClaimTokenAsync(string tenantId)
    {
        var (token, hash) = ClaimTokenFormat.Issue(tenantId);
        var expiresAt = clock.UtcNow + _claimTokenLifetime;
        var status = await Tenant(tenantId).ReplaceClaimTokenAsync(hash, expiresAt);
        if (status != ClaimStatus.Pending)
        {
            return (status, null, null);
        }

        LogClaimTokenReissued(logger, tenantId);
        return (status, await Tenant(tenantId).GetAsync(), new IssuedClaimToken(token, expiresAt));
    }

    public Task<TenantInfo?> GetAsync(string tenantId) => Tenant(tenantId).GetAsync();

    /// <summary>Every created tenant, oldest first.</summary>
    public async Task<IReadOnlyList<TenantInfo>> ListAsync(CancellationToken cancellationToken) =>
        await Directory.ListTenantsAsync().WaitAsync(cancellationToken);

    public async Task<TenantInfo?> SetStatusAsync(string tenantId, TenantStatus status)
    {
        var tenant = await Tenant(tenantId).SetStatusAsync(status);
        if (tenant is not null)
        {
            LogTenantStatusChanged(logger, tenant.Id, status);
        }

        return tenant;
    }

    private ITenantGrain Tenant(string tenantId) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));

    [LoggerMessage(EventId = EventIds.TenantCreated, EventName = nameof(EventIds.TenantCreated), Level = LogLevel.Information,
        Message = "Tenant {TenantId} created")]
    private static partial void LogTenantCreated(ILogger logger, string tenantId);

    [LoggerMessage(EventId = EventIds.TenantStatusChanged, EventName = nameof(EventIds.TenantStatusChanged), Level = LogLevel.Information,
        Message = "Tenant {TenantId} is now {Status}")]
    private static partial void LogTenantStatusChanged(ILogger logger, string tenantId, TenantStatus status);

    [LoggerMessage(EventId = EventIds.ClaimTokenReissued, EventName = nameof(EventIds.ClaimTokenReissued), Level = LogLevel.Information,
        Message = "Tenant {TenantId} has a new claim token; the previous one no longer works")]
    private static partial void LogClaimTokenReissued(ILogger logger, string tenantId);
}
