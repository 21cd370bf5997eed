using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// The OpenAI- and Anthropic-compatible surfaces under <c>/v1</c>: every request is authenticated first and
/// refused in its client's error shape. Routes the router does not serve answer 404 in the same shape (those under
/// <c>/v1/messages</c> in <see cref="AnthropicApi"/>).
/// </summary>
internal static class CompatibilityApi
{
    public static IEndpointRouteBuilder MapCompatibilityApi(this IEndpointRouteBuilder app)
    {
        app.Map("/v1/{**path}", OpenAINotServedAsync).WithTags("OpenAI");
        return app;
    }

    private static async Task OpenAINotServedAsync(HttpContext context, AccessKeyAuthenticator authenticator)
    {
        var result = await authenticator.AuthenticateAsync(context);
        if (await WriteOpenAIRefusalAsync(context, result))
        {
            return;
        }

        await OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, "invalid_request_error", "unknown_url",
            $"Unknown request URL: {context.Request.Method} {context.Request.Path}.");
    }

    /// <summary>Writes the OpenAI-shaped refusal for a failed authentication; returns whether it did.</summary>
    public static async Task<bool> WriteOpenAIRefusalAsync(HttpContext context, AuthenticationResult result)
    {
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Unauthorized:
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "invalid_request_error", "invalid_api_key",
                    "Incorrect or missing API key. Use Authorization: Bearer sk-Xvs...");
                return true;
            case AuthenticationOutcome.Throttled:
                context.Response.Headers.RetryAfter = ((int)result.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate_limit_exceeded", "rate_limit_exceeded",
                    "Too many failed authentications from this client; retry later.");
                return true;
            case AuthenticationOutcome.TenantDisabled:
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "permission_error", "tenant_disabled",
                    "This key's tenant is disabled.");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes the Anthropic-shaped refusal for a failed authentication; returns whether it did.</summary>
    public static async Task<bool> WriteAnthropicRefusalAsync(HttpContext context, AuthenticationResult result)
    {
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Unauthorized:
                await AnthropicErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "authentication_error", "invalid x-api-key");
                return true;
            case AuthenticationOutcome.Throttled:
                context.Response.Headers.RetryAfter = ((int)result.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await AnthropicErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate_limit_error",
                    "Too many failed authentications from this client; retry later.");
                return true;
            case AuthenticationOutcome.TenantDisabled:
                await AnthropicErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "permission_error", "This key's tenant is disabled.");
                return true;
            default:
                return false;
        }
    }
}
