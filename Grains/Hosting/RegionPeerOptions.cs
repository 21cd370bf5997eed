namespace XaiRouter.Grains.Hosting;

/// <summary>One other region of the deployment, <c>Region:Peers:N</c>.</summary>
public sealed class RegionPeerOptions
{
    /// <summary><c>Region:Peers:N:Name</c>: the peer region's <see cref="RegionOptions.Name"/>.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// <c>Region:Peers:N:ManagementUrl</c>: the base URL of the peer's Gateways (its load balancer), for management
    /// writes' home address, budget leases and usage totals. Calls carry the operator token, the same in every region.
    /// </summary>
    public string? ManagementUrl { get; set; }

    /// <summary>
    /// <c>Region:Peers:N:Postgres</c>: a connection string to the peer's PostgreSQL, used by this region's database
    /// to subscribe to the peer's control-plane rows and by its silos to listen to the peer's revocation feed.
    /// Never logged: it may carry a password.
    /// </summary>
    public string? Postgres { get; set; }
}
