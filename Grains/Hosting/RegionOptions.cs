namespace XaiRouter.Grains.Hosting;

/// <summary>
/// Multi-region settings, configuration section <c>Region</c>. Unset (the default), the deployment is one region
/// and everything is local, as before. Set, this cluster is one region of several: each has its own Redis and
/// PostgreSQL, tenants have a home region, and the control-plane rows of each region's tenants are replicated to
/// the others (docs/multi-region.md).
/// </summary>
public sealed class RegionOptions
{
    public const string SectionName = "Region";

    /// <summary><c>Region:Name</c>: this region's name (lower-case letters, digits and '-', at most 32); empty for one region.</summary>
    public string? Name { get; set; }

    /// <summary><c>Region:Peers</c>: the other regions.</summary>
    public List<RegionPeerOptions> Peers { get; set; } = [];

    /// <summary>
    /// <c>Region:MaxStaleSeconds</c>: the longest a grain of a tenant homed elsewhere serves its copy without
    /// reading it again, even when no change notification arrived (a bound for lost notifications). Default 30.
    /// </summary>
    public int MaxStaleSeconds { get; set; } = 30;

    /// <summary>Whether this cluster is one region of several (<see cref="Name"/> is set).</summary>
    public bool IsMultiRegion => !string.IsNullOrEmpty(Name);

    /// <summary>Whether <paramref name="homeRegion"/> (a tenant's home; empty when unknown or single-region) is this region.</summary>
    public bool IsHome(string? homeRegion) => !IsMultiRegion || string.IsNullOrEmpty(homeRegion) || string.Equals(homeRegion, Name, StringComparison.Ordinal);

    /// <summary>The peer named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public RegionPeerOptions? FindPeer(string? name) => Peers.Find(peer => string.Equals(peer.Name, name, StringComparison.Ordinal));
}
