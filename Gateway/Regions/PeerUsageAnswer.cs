namespace XaiRouter.Gateway.Regions;

/// <summary>The answer of <c>GET /admin/regions/usage</c>: a tenant's totals rows in this region's ledger only.</summary>
internal sealed record PeerUsageAnswer(IReadOnlyList<PeerUsageRow> Rows);
