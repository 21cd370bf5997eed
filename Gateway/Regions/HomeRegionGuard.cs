using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// Refuses a management write for a tenant homed in another region with 421 Misdirected Request, naming the home
/// (<see cref="RegionProblems.HomedElsewhere"/>): a tenant's control-plane rows are written only in its home region
/// and replicated from there, so a write here would either be refused by the database or fork the tenant's state.
/// One region (the default) never asks anything: the check costs nothing there.
/// </summary>
internal sealed partial class HomeRegionGuard(IOptions<RegionOptions> region, ITenantHomeLookup homes, ILogger<HomeRegionGuard> logger)
{
    private readonly RegionOptions _region = region.Value;

    /// <summary>Whether this Gateway is one region of several (otherwise every tenant is homed here).</summary>
    public bool IsMultiRegion => _region.IsMultiRegion;

    /// <summary>Whether <paramref name="method"/> may change state (anything but GET, HEAD and OPTIONS).</summary>
    public static bool IsWriteMethod(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);

    /// <returns>
    /// The 421 to answer when <paramref name="tenantId"/> is homed in another region, else null (its
    /// <c>X-Xai-Home-Region</c> header is added by <see cref="HomeRegionHeaderFilter"/>).
    /// </returns>
    public async ValueTask<ProblemHttpResult?> RefuseIfHomedElsewhereAsync(string tenantId)
    {
        if (!_region.IsMultiRegion)
        {
            return null;
        }

        var home = await homes.GetHomeRegionAsync(tenantId);
        if (_region.IsHome(home))
        {
            return null;
        }

        LogWriteHomedElsewhere(logger, tenantId, home);
        return RegionProblems.HomedElsewhere(tenantId, home, _region.FindPeer(home)?.ManagementUrl);
    }

    [LoggerMessage(EventId = EventIds.WriteHomedElsewhere, EventName = nameof(EventIds.WriteHomedElsewhere), Level = LogLevel.Debug,
        Message = "A write of tenant {TenantId} refused with 421: it is homed in region {HomeRegion}")]
    private static partial void LogWriteHomedElsewhere(ILogger logger, string tenantId, string homeRegion);
}
