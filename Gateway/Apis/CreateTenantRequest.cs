namespace XaiRouter.Gateway.Apis;

/// <summary>Body of <c>POST /admin/tenants</c>.</summary>
internal sealed record CreateTenantRequest(string? Name);
