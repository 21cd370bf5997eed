namespace XaiRouter.Grains.Abstractions.Regions;

/// <summary>This region and the subscriptions that copy its peers' rows here.</summary>
/// <param name="Region">This region's name; empty when the cluster is one region.</param>
/// <param name="Peers">One entry per configured peer, in configuration order.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.RegionStatus")]
public sealed record RegionStatus([property: Id(0)] string Region, [property: Id(1)] ImmutableArray<PeerSubscriptionState> Peers);
