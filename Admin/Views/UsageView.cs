namespace XaiRouter.Admin.Views;

/// <summary><c>usage</c>: a tenant's totals over whole UTC days, grouped by one dimension.</summary>
internal sealed record UsageView(string TenantId, DateOnly From, DateOnly To, string GroupBy, UsageRowView Total, List<UsageRowView> Rows);
