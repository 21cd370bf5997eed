using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Tenants;

/// <summary>
/// <c>POST /x/claim</c>: a tenant turns its claim token into its root access key, generated now and shown once.
/// </summary>
/// <remarks>
/// 1. One failure is reserved from the client address's budget (shared with access-key authentication) before any
///    work, and refunded only when the claim succeeds.
/// 2. The token is parsed (its tenant id names the grain) and hashed; the tenant grain checks the hash in constant
///    time (unknown, or replaced while unclaimed: 401; expired: 410; used already: 409), without spending it; a disabled tenant: 403.
/// 3. The root key is generated with a fresh key for every pool of the tenant (just <c>default</c> at version 1),
///    and its credential record is stored.
/// 4. The tenant grain checks again and spends the token in one turn, recording the root key id. A claim that lost a
///    race (or expired meanwhile) revokes the record it stored, so no unused root credential stays valid.
/// A crash between 3 and 4 leaves the tenant unclaimed with its token still valid and a record nobody holds the
/// secret of; a crash after 4 loses the answer, and the operator creates a new (still empty) tenant.
/// </remarks>
internal sealed partial class TenantClaims(IGrainFactory grains, KeyVault vault, FailureThrottle throttle, TimeProvider timeProvider, ILogger<TenantClaims> logger,
    Regions.HomeRegionGuard? homes = null)
{
    public async Task<Results<Created<ClaimResponse>, ProblemHttpResult>> ClaimAsync(string claimToken, string clientAddress)
    {
        // Step 1.
        if (!throttle.TryReserve(clientAddress, out _, out _))
        {
            return Problems.TooManyFailures();
        }

        // Step 2.
        byte[] hash;
        string tenantId;
        using (var secret = new SecretBuffer(ClaimTokenFormat.SecretSize))
        {
            if (!ClaimTokenFormat.TryParse(claimToken, secret.Span, out var parsedId))
            {
                return Problems.ClaimTokenUnauthorized();
            }

            tenantId = parsedId!;
            hash = ClaimTokenFormat.Hash(tenantId, secret.Span);
        }

        var tenant = grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        var status = await tenant.CheckClaimAsync(hash);
        if (status == ClaimStatus.Unknown && await tenant.GetVaultAsync() is { RootKeyId: not null })
        {
            // A token that was replaced, and the tenant claimed with its replacement: tell the holder it is claimed,
            // so a tenant whose claim was pre-empted (token re-issued and used by someone else) notices, not a typo.
            status = ClaimStatus.AlreadyClaimed;
        }

        if (status != ClaimStatus.Pending || await tenant.GetVaultAsync() is not { } index)
        {
            return Refused(tenantId, status);
        }

        // A disabled tenant (say, one whose token may have leaked) is not claimed; its token stays unspent.
        if (index.Status != TenantStatus.Active)
        {
            LogClaimRefused(logger, tenantId, status);
            return Problems.Forbidden("This tenant is disabled; ask the operator to enable it before claiming it.");
        }

        // The root key is a record of the tenant: written only in its home region (asked once the token is verified).
        if (homes is not null && await homes.RefuseIfHomedElsewhereAsync(tenantId) is { } misdirected)
        {
            throttle.Refund(clientAddress);
            return misdirected;
        }

        // Step 3.
        IssuedKey root;
        using (var pools = new PoolKeyRing())
        {
            foreach (var (pool, version) in index.Pools)
            {
                pools.AddNew(pool, version);
            }

            root = vault.IssueAccessKey(new AccessKeyTemplate(tenantId, AccessKeyKind.Root, "root", null, Manage: true, timeProvider.GetUtcNow()), pools);
        }

        var credential = grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(root.Record.KeyId));
        if (!await credential.CreateAsync(root.Record))
        {
            throw new InvalidOperationException("A fresh 96-bit key id was taken.");
        }

        // Step 4.
        status = await tenant.ClaimAsync(hash, root.Record.KeyId);
        if (status != ClaimStatus.Claimed)
        {
            await credential.RevokeAsync();
            LogOrphanRootRevoked(logger, tenantId, root.Record.KeyId);
            return Refused(tenantId, status);
        }

        throttle.Refund(clientAddress);
        LogTenantClaimed(logger, tenantId, root.Record.KeyId);
        return TypedResults.Created("/x/keys/" + root.Record.KeyId, new ClaimResponse(root.AccessKey, root.Record.KeyId, tenantId, root.Record.CreatedAt));
    }

    private ProblemHttpResult Refused(string tenantId, ClaimStatus status)
    {
        LogClaimRefused(logger, tenantId, status);
        return status switch
        {
            ClaimStatus.Expired => Problems.ClaimTokenExpired(),
            ClaimStatus.AlreadyClaimed => Problems.ClaimTokenUsed(),
            _ => Problems.ClaimTokenUnauthorized(),
        };
    }

    [LoggerMessage(EventId = EventIds.TenantClaimed, EventName = nameof(EventIds.TenantClaimed), Level = LogLevel.Information,
        Message = "Tenant {TenantId} claimed its root key {KeyId}")]
    private static partial void LogTenantClaimed(ILogger logger, string tenantId, string keyId);

    [LoggerMessage(EventId = EventIds.ClaimRefused, EventName = nameof(EventIds.ClaimRefused), Level = LogLevel.Warning,
        Message = "Claim of tenant {TenantId} refused: {Status}")]
    private static partial void LogClaimRefused(ILogger logger, string tenantId, ClaimStatus status);

    [LoggerMessage(EventId = EventIds.OrphanRootRevoked, EventName = nameof(EventIds.OrphanRootRevoked), Level = LogLevel.Information,
        Message = "Tenant {TenantId}: a concurrent claim won, the unused root credential {KeyId} is revoked")]
    private static partial void LogOrphanRootRevoked(ILogger logger, string tenantId, string keyId);
}
