using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// On <c>/x/*</c>, after authentication: a state-changing request of a caller whose tenant is homed in another region
/// gets the 421 of <see cref="HomeRegionGuard"/>. Reads pass untouched.
/// </summary>
internal sealed class ManagementHomeFilter(HomeRegionGuard guard) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (guard.IsMultiRegion && HomeRegionGuard.IsWriteMethod(http.Request.Method)
            && await guard.RefuseIfHomedElsewhereAsync(http.GetCaller().TenantId) is { } refused)
        {
            return refused;
        }

        return await next(context);
    }
}
