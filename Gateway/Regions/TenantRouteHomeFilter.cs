using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// On operator routes of one tenant (<c>/admin/tenants/{id}/...</c> writes): the 421 of <see cref="HomeRegionGuard"/>
/// when the tenant in the route is homed in another region. An id that names no tenant passes (the route answers 404).
/// </summary>
internal sealed class TenantRouteHomeFilter(HomeRegionGuard guard) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (guard.IsMultiRegion && HomeRegionGuard.IsWriteMethod(http.Request.Method)
            && http.Request.RouteValues["id"] is string id && RandomIds.IsTenantId(id)
            && await guard.RefuseIfHomedElsewhereAsync(id) is { } refused)
        {
            return refused;
        }

        return await next(context);
    }
}
