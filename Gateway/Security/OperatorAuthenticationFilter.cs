using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Security;

/// <summary>Admits a request to the operator API only with the operator bearer token; 401 ProblemDetails otherwise.</summary>
internal sealed class OperatorAuthenticationFilter(OperatorTokenVerifier verifier) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (verifier.Verify(http.Request.Headers.Authorization))
        {
            return next(context);
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(Problems.OperatorUnauthorized());
    }
}
