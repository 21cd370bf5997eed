namespace XaiRouter.Gateway.Regions;

/// <summary>A peer's subscription in this region's database, as <c>pg_subscription</c>/<c>pg_stat_subscription</c> show it.</summary>
/// <param name="Enabled">Whether it is enabled.</param>
/// <param name="ReceivedLsn">The last write-ahead log position received; null while no apply worker runs (the peer is unreachable, or it is disabled).</param>
/// <param name="LastMsgReceiptTime">When the last message (a change or a keep-alive) arrived from the peer.</param>
/// <param name="LatestEndTime">When the last position reported back to the peer was written there.</param>
internal sealed record SubscriptionResponse(bool Enabled, string? ReceivedLsn, DateTimeOffset? LastMsgReceiptTime, DateTimeOffset? LatestEndTime);
