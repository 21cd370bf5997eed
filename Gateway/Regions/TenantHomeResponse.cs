namespace XaiRouter.Gateway.Regions;

/// <summary>The answer of <c>POST /admin/tenants/{id}/home</c>.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="HomeRegion">Its home region now: this one.</param>
/// <param name="MovedRows">How many of its control-plane rows were re-stamped to this region (0 when it was homed here already).</param>
internal sealed record TenantHomeResponse(string TenantId, string HomeRegion, int MovedRows);
