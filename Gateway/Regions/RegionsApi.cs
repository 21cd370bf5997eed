using Microsoft.Extensions.Options;
using XaiRouter.Grains.Abstractions.Regions;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// The operator's routes of a region of several (operator token, under <c>/admin</c>): <c>GET /admin/regions</c>
/// (this region, its peers, their reachability and replication) and <c>POST /admin/tenants/{id}/home</c> (the home move).
/// </summary>
internal static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder operatorApi)
    {
        operatorApi.MapGet("/regions", GetRegionsAsync).WithTags("Operator").WithName("GetRegions")
            .WithSummary("This region, its peers, whether they answer, and the subscriptions that copy their rows here.");
        operatorApi.MapPost("/tenants/{id}/home", MoveHomeAsync).WithTags("Operator").WithName("MoveTenantHome")
            .WithSummary("Makes this region the tenant's home (its home region is gone for good); 409 while the old home answers, unless force=true.");
        return operatorApi;
    }

    public static async Task<Ok<RegionsResponse>> GetRegionsAsync(
        IGrainFactory grains, IOptions<RegionOptions> region, PeerHealthProbe probe, CancellationToken cancellationToken)
    {
        var peers = region.Value.Peers;
        var reachable = Task.WhenAll(peers.Select(peer => probe.AnswersAsync(peer, cancellationToken)));
        var status = await grains.GetGrain<IRegionStatusGrain>(0).GetAsync();
        var answers = await reachable;
        var data = new PeerRegionResponse[peers.Count];
        for (var i = 0; i < data.Length; i++)
        {
            var subscription = status.Peers.FirstOrDefault(p => p.Peer == peers[i].Name) is { Exists: true } state
                ? new SubscriptionResponse(state.Enabled, state.ReceivedLsn, state.LastMessageReceiptTime, state.LatestEndTime)
                : null;
            data[i] = new PeerRegionResponse(peers[i].Name!, peers[i].ManagementUrl!, answers[i], subscription);
        }

        return TypedResults.Ok(new RegionsResponse(status.Region, data));
    }

    public static Task<Results<Ok<TenantHomeResponse>, ProblemHttpResult>> MoveHomeAsync(
        string id, bool? force, TenantHomeMove move, CancellationToken cancellationToken) =>
        move.MoveHereAsync(id, force ?? false, cancellationToken);
}
