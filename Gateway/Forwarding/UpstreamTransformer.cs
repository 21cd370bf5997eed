using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Shapes one forwarded exchange: the upstream URL and header hygiene. The caller's credentials
/// (and cookies) never leave; the upstream gets the provider key in its own scheme, set last so no client header
/// can override it; upstream cookies never come back.
/// </summary>
internal sealed class UpstreamTransformer(ProviderKind provider, string apiKey, Uri upstreamUri) : HttpTransformer
{
    public const string AnthropicVersion = "2023-06-01";

    /// <summary>Client headers that carry credentials or cookies meant for XaiRouter, never for the upstream.</summary>
    private static readonly string[] CallerOnlyHeaders =
        [HeaderNames.Authorization, "x-api-key", HeaderNames.ProxyAuthorization, HeaderNames.Cookie, "api-key", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"];

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        proxyRequest.RequestUri = upstreamUri;

        foreach (var header in CallerOnlyHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        if (provider == ProviderKind.Anthropic)
        {
            proxyRequest.Headers.Add("x-api-key", apiKey);
            if (!proxyRequest.Headers.Contains("anthropic-version"))
            {
                proxyRequest.Headers.Add("anthropic-version", AnthropicVersion);
            }
        }
        else
        {
            proxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var result = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers.Remove(HeaderNames.SetCookie);
        return result;
    }
}
