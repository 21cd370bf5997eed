using Orleans.Concurrency;

namespace XaiRouter.Grains.Abstractions.Regions;

/// <summary>
/// This region's replication state as its own PostgreSQL knows it (<c>GET /admin/regions</c>, <c>xai-admin tenants
/// move-home</c>): a stateless worker on any silo of the region (they share one database), key 0.
/// </summary>
[Alias("XaiRouter.IRegionStatusGrain")]
public interface IRegionStatusGrain : IGrainWithIntegerKey
{
    /// <summary>Reads this region's name and, per configured peer, the subscription that copies that peer's rows here.</summary>
    /// <returns>The state; no peers when the cluster is one region.</returns>
    [Alias("GetAsync")]
    [ReadOnly]
    Task<RegionStatus> GetAsync();
}
