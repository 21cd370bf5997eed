namespace XaiRouter.Grains.Abstractions.Admin;

/// <summary>
/// The cluster's members, read through <see cref="IManagementGrain"/>: the one projection behind <c>GET /admin/nodes</c>
/// and <c>xai-admin cluster nodes</c>.
/// </summary>
public static class ClusterNodes
{
    /// <summary>Every silo the membership table lists, dead ones included, ordered by address.</summary>
    /// <param name="grains">A grain factory of the cluster (a silo's or a client's).</param>
    /// <returns>The nodes.</returns>
    public static async Task<ImmutableArray<ClusterNode>> ReadAsync(IGrainFactory grains)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return [.. hosts
            .OrderBy(h => h.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(h => new ClusterNode(h.SiloAddress.ToParsableString(), h.SiloName, h.HostName, h.Status.ToString(),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)), h.RoleName ?? ""))];
    }
}
