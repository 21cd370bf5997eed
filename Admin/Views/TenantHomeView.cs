namespace XaiRouter.Admin.Views;

/// <summary>The answer of <c>tenants move-home</c> (the same fields as <c>POST /admin/tenants/{id}/home</c>).</summary>
internal sealed record TenantHomeView(string TenantId, string HomeRegion, int MovedRows);
