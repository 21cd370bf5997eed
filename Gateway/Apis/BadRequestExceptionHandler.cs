using Microsoft.AspNetCore.Diagnostics;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// A request body Kestrel refused while an endpoint read it (over the route's size limit, too slow for
/// <c>Network:MinRequestBodyDataRate</c>, broken chunk framing) is the client's fault: a 4xx in the client's
/// envelope and one warning line (<see cref="ClientInputErrors"/>), instead of a 500 with a stack trace.
/// </summary>
internal sealed class BadRequestExceptionHandler(ClientInputErrors errors) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ClientInputErrors.IsClientFault(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.Clear();
        Forwarding.RequestIds.RestoreAfterUpstream(httpContext);
        await errors.WriteAsync(httpContext, exception);
        return true;
    }
}
