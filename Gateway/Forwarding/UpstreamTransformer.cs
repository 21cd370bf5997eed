using System.Diagnostics;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Shapes one forwarded exchange: the upstream URL and header hygiene. Request headers go out by allow-list
/// (<see cref="ProviderHeaderPolicy"/>): only what the provider kind needs, with the upstream's own <c>Host</c>,
/// the key's own account headers (<see cref="ProviderAccountHeaders"/>) and the provider key in its own scheme,
/// set last. Answers lose the upstream's cookies and any header the router sets itself (<see cref="RouterResponseHeaders"/>).
/// </summary>
/// <param name="key">The provider key record, unlocked for this attempt (so its account headers are the ones its ciphertext is bound to).</param>
/// <param name="credential">The whole header value (<c>Bearer sk-...</c> or the bare key), made by <see cref="UpstreamCredential"/>.</param>
/// <param name="upstreamUri">The full upstream URL.</param>
/// <param name="attempt">The attempt: a retryable answer is held back when it asks, and an event stream is guarded.</param>
/// <param name="timeProvider">For an upstream's <c>Retry-After</c> given as a date.</param>
internal sealed class UpstreamTransformer(ProviderKeyRecord key, string credential, Uri upstreamUri, Routing.UpstreamAttempt attempt, TimeProvider timeProvider) : HttpTransformer
{
    public const string AnthropicVersion = ProviderHeaderPolicy.AnthropicVersion;

    private static readonly string[] TraceHeaders = ["traceparent", "tracestate"];

    /// <summary>The answer is translated into the client's format on its way: its length changes, so it is not sent.</summary>
    public bool Translated { get; init; }

    /// <summary>The client speaks Anthropic's API: its answer's <c>request-id</c> is the router's (the SDK reads it there).</summary>
    public bool AnthropicClient { get; init; }

    /// <summary>The format the upstream answers in: a broken-off stream ends with an error event in it.</summary>
    public Translation.WireFormat UpstreamFormat { get; init; }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        // The base transformer copies every header but a few (the caller's Host among them): not called.
        proxyRequest.RequestUri = upstreamUri;
        proxyRequest.Headers.Host = null;
        var policy = ProviderHeaderPolicy.For(key.Provider);
        foreach (var (name, values) in httpContext.Request.Headers)
        {
            if (policy.Forwards(name))
            {
                Add(proxyRequest, name, values.ToArray()!);
            }
        }

        foreach (var (name, value) in policy.Defaults)
        {
            if (!proxyRequest.Headers.Contains(name))
            {
                proxyRequest.Headers.TryAddWithoutValidation(name, value);
            }
        }

        foreach (var (name, value) in ProviderKeyShape.Of(key).AccountHeaders)
        {
            proxyRequest.Headers.TryAddWithoutValidation(name, value);
        }

        proxyRequest.Headers.TryAddWithoutValidation(HeaderNames.UserAgent, ProviderHeaderPolicy.UserAgent);
        proxyRequest.Headers.TryAddWithoutValidation(HeaderNames.AcceptEncoding, ProviderHeaderPolicy.AcceptEncoding);
        InjectTraceContext(httpContext, proxyRequest);

        // Added raw: the value is one string we wipe after the exchange (a parsed header would keep more copies), and
        // provider keys are checked to be printable ASCII without CR/LF when they are stored.
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamCredential.HeaderName(key.Provider), credential);
        return default;
    }

    /// <summary>
    /// The trace context of the router's own activity (which continues the caller's trace, if any, under a span of
    /// its own). Baggage is the caller's free-form data and is not sent on. Without tracing (no exporter, so no
    /// activity per request) a caller's valid trace is still continued under a new span id, without an activity.
    /// </summary>
    private static void InjectTraceContext(HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        if (Activity.Current is not { } activity)
        {
            var headers = httpContext.Request.Headers;
            if (ActivityContext.TryParse(headers[TraceHeaders[0]], headers[TraceHeaders[1]], isRemote: true, out var caller))
            {
                var flags = (caller.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
                proxyRequest.Headers.TryAddWithoutValidation(TraceHeaders[0], $"00-{caller.TraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-{flags}");
                if (!string.IsNullOrEmpty(caller.TraceState))
                {
                    proxyRequest.Headers.TryAddWithoutValidation(TraceHeaders[1], caller.TraceState);
                }
            }

            return;
        }

        DistributedContextPropagator.Current.Inject(activity, proxyRequest, static (carrier, name, value) =>
        {
            if (carrier is HttpRequestMessage request && value is not null && Array.Exists(TraceHeaders, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        });
    }

    /// <summary>A content header (type, length) goes on the content, the others on the request.</summary>
    private static void Add(HttpRequestMessage proxyRequest, string name, string[] values)
    {
        if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            proxyRequest.Content?.Headers.TryAddWithoutValidation(name, values);
        }
        else
        {
            proxyRequest.Headers.TryAddWithoutValidation(name, values);
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

        if (proxyResponse is not null)
        {
            RouterResponseHeaders.StripFrom(proxyResponse.Headers);
        }

        var result = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var headers = httpContext.Response.Headers;
        headers.Remove(HeaderNames.SetCookie);
        RequestIds.RestoreAfterUpstream(httpContext);
        if (Translated)
        {
            headers.ContentLength = null;
        }

        if (AnthropicClient || Translated)
        {
            // An Anthropic upstream's request-id names its own request; the client's request is the router's.
            foreach (var upstreamId in headers[Apis.AnthropicErrors.RequestIdHeader])
            {
                headers.Append(RequestIds.UpstreamHeader, upstreamId);
            }

            headers.Remove(Apis.AnthropicErrors.RequestIdHeader);
            if (AnthropicClient && RequestIds.Of(httpContext) is { } ours)
            {
                headers[Apis.AnthropicErrors.RequestIdHeader] = ours;
            }
        }

        if (result && proxyResponse?.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            proxyResponse.Content = new Routing.StreamFailureGuard(proxyResponse.Content, attempt, UpstreamFormat);
        }

        return result;
    }

    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken)
    {
        RouterResponseHeaders.StripFrom(proxyResponse.TrailingHeaders);
        return base.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken);
    }
}
