namespace XaiRouter.Gateway.Apis;

/// <summary>The Anthropic Messages API surface (issue 17, part B); mapped before the compatibility catch-alls.</summary>
internal static class AnthropicApi
{
    public static WebApplication MapAnthropicApi(this WebApplication app) => app;
}
