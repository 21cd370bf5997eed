using System.Globalization;
using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Apis;

/// <summary>Admits a request to the management API only with an active key that has manage permission, as has every ancestor.</summary>
internal sealed class ManagementAuthenticationFilter(AccessKeyAuthenticator authenticator, ClientAddresses clients) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await authenticator.AuthenticateAsync(http);
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Throttled:
                http.Response.Headers.RetryAfter = ((int)result.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return Problems.TooManyFailures();
            case AuthenticationOutcome.Unauthorized:
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.AccessKeyUnauthorized();
            case AuthenticationOutcome.TenantDisabled:
                return Problems.Forbidden("This key's tenant is disabled.");
        }

        if (!result.Key!.Record.Manage)
        {
            return Problems.Forbidden("This key has no manage permission.");
        }

        // A key cannot keep a permission its parent lost: manage needs every ancestor's manage.
        if (result.Key.Ancestors.Any(static a => !a.Manage))
        {
            return Problems.Forbidden("An ancestor of this key has no manage permission.");
        }

        if (KeyPolicyChecks.Address(result.Key, clients.Resolve(http)) is { } refused)
        {
            return Problems.Forbidden(refused);
        }

        http.SetCaller(result.Key);
        return await next(context);
    }
}
