using System.Globalization;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Usage;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions.Regions;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// The operator's routes of a region of several (operator token, under <c>/admin</c>): <c>GET /admin/regions</c>
/// (this region, its peers, their reachability and replication), <c>GET /admin/regions/usage</c> (a tenant's rows
/// of this region's ledger, for the other regions' usage reports) and <c>POST /admin/tenants/{id}/home</c> (the home move).
/// </summary>
internal static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder operatorApi)
    {
        operatorApi.MapGet("/regions", GetRegionsAsync).WithTags("Operator").WithName("GetRegions")
            .WithSummary("This region, its peers, whether they answer, and the subscriptions that copy their rows here.");
        operatorApi.MapGet("/regions/usage", GetLocalUsageAsync).WithTags("Operator").WithName("GetRegionUsage")
            .WithSummary("A tenant's usage totals rows in this region's ledger only (what the other regions add to /x/usage).");
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

    /// <summary>
    /// <c>GET /admin/regions/usage?tenant=&amp;from=&amp;to=&amp;hourly=</c>: this region's own rows only (never its peers',
    /// so that regions asking each other never count a row twice); <c>from</c> and <c>to</c> are ISO 8601 times as
    /// <c>/x/usage</c> resolved them, <c>hourly</c> reads the hourly totals instead of the daily ones.
    /// </summary>
    public static async Task<Results<Ok<PeerUsageAnswer>, ProblemHttpResult>> GetLocalUsageAsync(
        string? tenant, string? from, string? to, bool? hourly, UsageQuery usage, CancellationToken cancellationToken)
    {
        if (tenant is null || !RandomIds.IsTenantId(tenant))
        {
            return Problems.BadRequest("'tenant' must be a tenant id.");
        }

        if (!TryTime(from, out var first) || !TryTime(to, out var last) || last < first)
        {
            return Problems.BadRequest("'from' and 'to' must be ISO 8601 times, 'from' not after 'to'.");
        }

        var rows = await usage.ReadLocalAsync(tenant, hourly ?? false, (first, last), cancellationToken);
        return TypedResults.Ok(new PeerUsageAnswer([.. rows.Select(static r => new PeerUsageRow(r.Bucket, r.Row))]));
    }

    private static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static Task<Results<Ok<TenantHomeResponse>, ProblemHttpResult>> MoveHomeAsync(
        string id, bool? force, TenantHomeMove move, CancellationToken cancellationToken) =>
        move.MoveHereAsync(id, force ?? false, cancellationToken);
}
