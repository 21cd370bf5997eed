using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Serializes the vault writes of one tenant (pool create and re-key, rotations, grants, provider-key writes) through
/// the tenant grain's lease, so no two of them interleave their reads and writes of slots and provider-key versions.
/// </summary>
/// <remarks>
/// Once the lease is held, the caller's record is read again: a write that waited behind a re-key must use the slots
/// that re-key left it (a newer pool version), not the ones it authenticated with.
/// </remarks>
internal sealed class VaultWriteGate(IGrainFactory grains)
{
    /// <summary>How long a lease holds if its owner never releases it (a gateway that died mid-write).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>How long a write waits for the lease before it is answered 409.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <returns>The hold (the caller disposes it), or the problem to answer with.</returns>
    public async Task<(VaultWriteHold? Hold, ProblemHttpResult? Problem)> EnterAsync(UnlockedKey caller)
    {
        var tenant = grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));
        var ownerId = Guid.NewGuid().ToString("N");
        if (!await tenant.AcquireVaultWriteAsync(ownerId, Lease, Wait))
        {
            return (null, Problems.Conflict("Another change to this tenant's vault is under way; retry."));
        }

        var hold = new VaultWriteHold(tenant, ownerId);
        var current = await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(caller.Record.KeyId)).GetAsync();
        if (current is null || !caller.TryRefresh(current))
        {
            await hold.DisposeAsync();
            return (null, Problems.Conflict("This key was rotated or revoked meanwhile."));
        }

        return (hold, null);
    }
}
