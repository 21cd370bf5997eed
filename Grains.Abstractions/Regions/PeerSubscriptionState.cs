namespace XaiRouter.Grains.Abstractions.Regions;

/// <summary>
/// The subscription <c>xai_&lt;peer&gt;_to_&lt;self&gt;</c> as <c>pg_subscription</c> and <c>pg_stat_subscription</c> (its
/// apply worker) show it.
/// </summary>
/// <param name="Peer">The peer region's name.</param>
/// <param name="Exists">Whether the subscription exists yet (it is created in the background once the peer answers).</param>
/// <param name="Enabled">Whether it is enabled.</param>
/// <param name="ReceivedLsn">The last write-ahead log position received from the peer; null without a running apply worker.</param>
/// <param name="LastMessageReceiptTime">When the last message (change or keep-alive) from the peer arrived; null without a worker.</param>
/// <param name="LatestEndTime">When the last position reported back to the peer was written there; null without a worker.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.PeerSubscriptionState")]
public sealed record PeerSubscriptionState(
    [property: Id(0)] string Peer,
    [property: Id(1)] bool Exists,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] string? ReceivedLsn,
    [property: Id(4)] DateTimeOffset? LastMessageReceiptTime,
    [property: Id(5)] DateTimeOffset? LatestEndTime);
