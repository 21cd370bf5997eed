using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// The bound for lost change notifications (<c>Region:MaxStaleSeconds</c>): a grain whose row is homed in another
/// region reads its row again when it is called and its copy is older than the bound. Checked at call time, not by a
/// timer: an idle activation then costs nothing (a timer would read every idle copy every period), and a busy one pays
/// one database read per period. In one region <see cref="Applies"/> stays false and a call pays one field test.
/// </summary>
internal sealed class StalenessBound(RouterClock clock, RegionOptions region)
{
    private DateTimeOffset _readAt;

    /// <summary>Whether the bound applies: this is one region of several and the row is homed elsewhere.</summary>
    public bool Applies { get; private set; }

    /// <summary>Decides whether the bound applies, from the row's home region (a tenant's <c>GetHomeRegionAsync</c>).</summary>
    public void SetHome(string? homeRegion) => Applies = region.IsMultiRegion && !region.IsHome(homeRegion);

    /// <summary>Whether the copy is older than the bound and should be read again before it is served.</summary>
    public bool IsDue => Applies && clock.UtcNow - _readAt > TimeSpan.FromSeconds(region.MaxStaleSeconds);

    /// <summary>The copy was read just now.</summary>
    public void Read() => _readAt = clock.UtcNow;
}
