using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Shapes one forwarded exchange: the upstream URL and header hygiene. The caller's credentials
/// (and cookies) never leave; the upstream gets the provider key in its own scheme, set last so no client header
/// can override it; upstream cookies never come back.
/// </summary>
/// <param name="provider">How the upstream authenticates.</param>
/// <param name="credential">The whole header value (<c>Bearer sk-...</c> or the bare key), made by <see cref="UpstreamCredential"/>.</param>
/// <param name="upstreamUri">The full upstream URL.</param>
/// <param name="attempt">The attempt: a retryable answer is held back when it asks, and an event stream is guarded.</param>
/// <param name="timeProvider">For an upstream's <c>Retry-After</c> given as a date.</param>
internal sealed class UpstreamTransformer(ProviderKind provider, string credential, Uri upstreamUri, Routing.UpstreamAttempt attempt, TimeProvider timeProvider) : HttpTransformer
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

        // Added raw: the value is one string we wipe after the exchange (a parsed header would keep more copies), and
        // provider keys are checked to be printable ASCII without CR/LF when they are stored.
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamCredential.HeaderName(provider), credential);
        if (provider == ProviderKind.Anthropic && !proxyRequest.Headers.Contains("anthropic-version"))
        {
            proxyRequest.Headers.Add("anthropic-version", AnthropicVersion);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null)
        {
            attempt.HeadersReceived(proxyResponse, timeProvider.GetUtcNow());
            if (Routing.UpstreamErrorBody.Wanted((int)proxyResponse.StatusCode))
            {
                await Routing.UpstreamErrorBody.CaptureAsync(proxyResponse, attempt, cancellationToken);
            }

            if (attempt.HoldsBack((int)proxyResponse.StatusCode))
            {
                // Nothing of this answer reaches the client: the pipeline tries the next candidate.
                attempt.Intercepted = true;
                return false;
            }
        }

        var result = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers.Remove(HeaderNames.SetCookie);
        RequestIds.RestoreAfterUpstream(httpContext);
        if (result && proxyResponse?.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            proxyResponse.Content = new Routing.StreamFailureGuard(proxyResponse.Content, attempt);
        }

        return result;
    }
}
