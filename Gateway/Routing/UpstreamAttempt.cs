using Microsoft.Net.Http.Headers;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// One attempt at one provider key: its time limit for the response headers, and what the upstream answered, for
/// the failover decision and the key's health.
/// </summary>
internal sealed class UpstreamAttempt : IDisposable
{
    private readonly CancellationTokenSource _headers;
    private readonly CancellationToken _client;

    /// <param name="interceptFailures">Hold back a retryable answer (429, 5xx) so the next candidate can be tried.</param>
    /// <param name="headersTimeout">How long to wait for the upstream's response headers.</param>
    /// <param name="client">The client's request aborted token.</param>
    public UpstreamAttempt(bool interceptFailures, TimeSpan headersTimeout, CancellationToken client)
    {
        InterceptFailures = interceptFailures;
        _client = client;
        _headers = CancellationTokenSource.CreateLinkedTokenSource(client);
        _headers.CancelAfter(headersTimeout);
    }

    public bool InterceptFailures { get; }

    /// <summary>Cancelled by the client, or when the headers take too long (until they arrive).</summary>
    public CancellationToken Token => _headers.Token;

    /// <summary>The upstream's status, once its headers arrived.</summary>
    public int? Status { get; private set; }

    /// <summary>The upstream's <c>Retry-After</c>, if any.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>A retryable answer was held back: nothing reached the client.</summary>
    public bool Intercepted { get; set; }

    /// <summary>The upstream's stream broke off after the client had part of it.</summary>
    public bool DroppedMidStream { get; set; }

    /// <summary>The upstream's error code (<c>invalid_api_key</c>, <c>model_not_found</c>...) of a 401/403/404/429, sanitized (<see cref="UpstreamErrorBody"/>).</summary>
    public string? ErrorCode { get; set; }

    public bool ClientGone => _client.IsCancellationRequested;

    /// <summary>Why the attempt got no answer, when the forwarder reported an error (for the client's message and the log).</summary>
    public Forwarding.UpstreamFailure? Failure { get; set; }

    public bool HeadersTimedOut => Status is null && _headers.IsCancellationRequested && !_client.IsCancellationRequested;

    /// <summary>Anthropic's status for a temporarily overloaded API (<c>overloaded_error</c>).</summary>
    public const int Overloaded = 529;

    /// <summary>429, 5xx gateway errors and Anthropic's 529 (overloaded): another key may do better.</summary>
    public static bool IsRetryable(int status) => status is 429 or 500 or 502 or 503 or 504 or Overloaded;

    /// <summary>
    /// 401/403: the upstream refused the provider key itself (callers cannot send provider-account headers), so
    /// another key may serve, and the client is told so by the router (the upstream's answer may quote part of the key).
    /// </summary>
    public static bool RefusesKey(int status) => status is 401 or 403;

    /// <summary>Whether an answer with <paramref name="status"/> is held back from the client.</summary>
    public bool HoldsBack(int status) => RefusesKey(status) || (InterceptFailures && IsRetryable(status));

    public void HeadersReceived(HttpResponseMessage response, DateTimeOffset now)
    {
        _headers.CancelAfter(Timeout.InfiniteTimeSpan);
        Status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter;
        RetryAfter = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : null);
        if (RetryAfter is null && response.Headers.TryGetValues(HeaderNames.RetryAfter, out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            RetryAfter = TimeSpan.FromSeconds(seconds);
        }
    }

    public void Dispose() => _headers.Dispose();
}
