namespace XaiRouter.Gateway.Regions;

/// <summary>The answer of <c>GET /admin/regions</c>.</summary>
/// <param name="Region">This region's name; empty when the router is one region.</param>
/// <param name="Peers">The configured peers.</param>
internal sealed record RegionsResponse(string Region, IReadOnlyList<PeerRegionResponse> Peers);
