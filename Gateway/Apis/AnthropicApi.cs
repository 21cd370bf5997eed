using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// Anthropic's Messages API surface: <c>POST /v1/messages</c> and <c>POST /v1/messages/count_tokens</c> go through the
/// forwarding pipeline as Anthropic clients (their errors in Anthropic's envelope); any other <c>/v1/messages/*</c>
/// (batches, a GET) is Anthropic's 404. Mapped before the compatibility catch-alls.
/// </summary>
internal static class AnthropicApi
{
    public static WebApplication MapAnthropicApi(this WebApplication app)
    {
        app.MapPost("/v1/messages", static (HttpContext context, ForwardingPipeline pipeline) => pipeline.ForwardAsync(context, ClientRoute.Messages)).WithTags("Anthropic");
        app.MapPost("/v1/messages/count_tokens", static (HttpContext context, ForwardingPipeline pipeline) => pipeline.ForwardAsync(context, ClientRoute.CountTokens)).WithTags("Anthropic");
        app.Map("/v1/messages/{**rest}", NotServedAsync).WithTags("Anthropic");
        return app;
    }

    /// <summary>Authenticated first (an unknown caller learns nothing of the surface), then Anthropic's 404.</summary>
    private static async Task NotServedAsync(HttpContext context, AccessKeyAuthenticator authenticator)
    {
        ClientRoute.Messages.Set(context);
        var result = await authenticator.AuthenticateAsync(context);
        if (await CompatibilityApi.WriteAnthropicRefusalAsync(context, result))
        {
            return;
        }

        await AnthropicErrors.WriteAsync(context, StatusCodes.Status404NotFound, "not_found_error",
            $"Unknown request URL: {context.Request.Method} {context.Request.Path}.");
    }
}
