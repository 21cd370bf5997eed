namespace XaiRouter.Grains.Regions;

/// <summary>What one attempt to subscribe to a peer region did.</summary>
internal enum SubscriptionOutcome
{
    /// <summary>The subscription was created; the peer's rows are being copied.</summary>
    Created,

    /// <summary>The subscription existed with another peer address; its connection was updated.</summary>
    ConnectionUpdated,

    /// <summary>The subscription existed as configured; nothing was done.</summary>
    Existing,

    /// <summary>The peer answers but has no publication yet (its silos have not started as a region): try again later.</summary>
    PeerNotPublishing,
}
