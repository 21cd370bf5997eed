namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>The bounds the two-region tests hold the product to (docs/multi-region.md states them).</summary>
public static class RegionBounds
{
    /// <summary>A change made in a tenant's home region serves in another within this (replication lag, "within seconds").</summary>
    public static readonly TimeSpan ReplicationLag = TimeSpan.FromSeconds(5);

    /// <summary>A key revoked in its home region is refused in every other region within this, whatever the replication lag.</summary>
    public static readonly TimeSpan Revocation = TimeSpan.FromSeconds(2);

    /// <summary>How long usage recorded on either side of a partition may take to show in both regions' totals after it heals.</summary>
    public static readonly TimeSpan UsageReconciled = TimeSpan.FromSeconds(30);
}
