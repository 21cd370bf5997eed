namespace XaiRouter.Gateway.Usage;

/// <summary>The answer of <c>GET /admin/usage</c>: every tenant's totals (see <see cref="TenantUsageRow"/>).</summary>
internal sealed record TenantUsageReport(DateOnly From, DateOnly To, string GroupBy, UsageFields Totals, IReadOnlyList<TenantUsageRow> Rows);
