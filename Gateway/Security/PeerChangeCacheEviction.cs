using XaiRouter.Grains.Regions;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Makes a change another region made to an access key or a tenant (its revocation feed) seen by this Gateway as
/// soon as the grain is fenced: the cached copy is forgotten, instead of being used until it ages out
/// (<see cref="RecordCache.MaxAge"/>). Revocation across regions then costs the feed's delay, not the feed's plus the cache's.
/// </summary>
internal sealed class PeerChangeCacheEviction(RecordCache records) : IPeerChangeObserver
{
    public void Changed(string state, string grainKey)
    {
        if (state == ControlPlaneRows.AccessKey && grainKey.StartsWith(GrainKeys.AccessKeyPrefix, StringComparison.Ordinal))
        {
            records.ForgetKey(grainKey[GrainKeys.AccessKeyPrefix.Length..]);
        }
        else if (state == ControlPlaneRows.Tenant && grainKey.StartsWith(GrainKeys.TenantPrefix, StringComparison.Ordinal))
        {
            records.ForgetVault(grainKey[GrainKeys.TenantPrefix.Length..]);
        }
    }
}
