using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Regions;

/// <summary>One totals row of a region's own ledger: its day (<c>yyyy-MM-dd</c>) or hour, and the sums.</summary>
internal sealed record PeerUsageRow(string Bucket, UsageTotals Totals);
