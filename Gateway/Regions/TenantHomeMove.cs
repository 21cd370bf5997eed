using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// <c>POST /admin/tenants/{id}/home[?force=true]</c>: makes this region the tenant's home when its home region is gone
/// for good (README, "Moving a tenant's home (runbook)"). Refused with 409 while the old home's Gateways still answer,
/// unless forced: two regions that both believe they are a tenant's home write conflicting rows.
/// </summary>
internal sealed partial class TenantHomeMove(
    IGrainFactory grains, ITenantHomeLookup homes, IOptions<RegionOptions> region, PeerHealthProbe probe, ILogger<TenantHomeMove> logger)
{
    private readonly RegionOptions _region = region.Value;

    public async Task<Results<Ok<TenantHomeResponse>, ProblemHttpResult>> MoveHereAsync(string tenantId, bool force, CancellationToken cancellationToken)
    {
        if (!_region.IsMultiRegion)
        {
            return Problems.Conflict("This router is one region (Region:Name is not set): every tenant is homed here.");
        }

        var tenant = grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        if (!RandomIds.IsTenantId(tenantId) || await tenant.GetAsync() is null)
        {
            return Problems.NotFound($"No tenant has the id '{tenantId}'.");
        }

        var home = await homes.GetHomeRegionAsync(tenantId);
        if (_region.IsHome(home))
        {
            return TypedResults.Ok(new TenantHomeResponse(tenantId, _region.Name!, 0));
        }

        if (!force && _region.FindPeer(home) is { } peer && await probe.AnswersAsync(peer, cancellationToken))
        {
            LogMoveRefused(logger, tenantId, home);
            return Problems.Conflict(
                $"Tenant '{tenantId}' is homed in region '{home}', whose Gateways still answer at {peer.ManagementUrl}: make its changes there. " +
                "Move a tenant's home only when its region is gone for good; ?force=true moves it anyway (the old region's database must then be rebuilt before it rejoins).");
        }

        var moved = await tenant.MoveHomeHereAsync();
        LogMoved(logger, tenantId, home, _region.Name!, moved, force);
        return TypedResults.Ok(new TenantHomeResponse(tenantId, _region.Name!, moved));
    }

    [LoggerMessage(EventId = EventIds.TenantHomeMoved, EventName = nameof(EventIds.TenantHomeMoved), Level = LogLevel.Warning,
        Message = "Tenant {TenantId} moved its home from region {OldHome} to {NewHome} ({MovedRows} rows re-stamped, forced: {Forced})")]
    private static partial void LogMoved(ILogger logger, string tenantId, string oldHome, string newHome, int movedRows, bool forced);

    [LoggerMessage(EventId = EventIds.TenantHomeMoveRefused, EventName = nameof(EventIds.TenantHomeMoveRefused), Level = LogLevel.Information,
        Message = "Moving tenant {TenantId}'s home refused: its home region {OldHome} still answers")]
    private static partial void LogMoveRefused(ILogger logger, string tenantId, string oldHome);
}
