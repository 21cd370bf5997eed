using System.Net.Http.Headers;
using XaiRouter.Gateway.Limits;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The headers the router sets on its own answers (request ids, <c>x-xai-*</c>, <c>x-ratelimit-*</c>,
/// <c>x-budget-warning</c>). An upstream's answer is copied to the client, and the copy appends: so these are
/// taken out of the upstream's answer first, and a client sees only the router's (or none, when the router sets
/// none: an upstream's rate-limit headers describe the provider key's account, not the caller's limits). The
/// upstream's own request id is kept, under <see cref="RequestIds.UpstreamHeader"/>.
/// </summary>
internal static class RouterResponseHeaders
{
    private static readonly string[] Names = [RequestIds.Header, RequestIds.UpstreamHeader, RateLimitHeaders.BudgetWarning];

    private static readonly string[] Prefixes = ["x-xai-", "x-ratelimit-"];

    public static bool IsRouters(string name) =>
        Array.Exists(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
        || Array.Exists(Prefixes, p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Removes the router's headers from an upstream's answer (headers or trailers); its request id is renamed.</summary>
    public static void StripFrom(HttpHeaders upstream)
    {
        List<string>? names = null;
        string[]? upstreamRequestIds = null;
        foreach (var header in upstream.NonValidated)
        {
            if (IsRouters(header.Key))
            {
                (names ??= []).Add(header.Key);
                if (string.Equals(header.Key, RequestIds.Header, StringComparison.OrdinalIgnoreCase))
                {
                    upstreamRequestIds = [.. header.Value];
                }
            }
        }

        if (names is null)
        {
            return;
        }

        foreach (var name in names)
        {
            upstream.Remove(name);
        }

        if (upstreamRequestIds is not null)
        {
            upstream.TryAddWithoutValidation(RequestIds.UpstreamHeader, upstreamRequestIds);
        }
    }
}
