namespace XaiRouter.Gateway.Regions;

/// <summary>One peer of <c>GET /admin/regions</c>.</summary>
/// <param name="Name">The peer region.</param>
/// <param name="ManagementUrl">Its Gateways (<c>Region:Peers:N:ManagementUrl</c>).</param>
/// <param name="Reachable">Whether its Gateways answered <c>GET /healthz</c> just now.</param>
/// <param name="Subscription">The subscription copying its rows here; null while it does not exist yet.</param>
internal sealed record PeerRegionResponse(string Name, string ManagementUrl, bool Reachable, SubscriptionResponse? Subscription);
