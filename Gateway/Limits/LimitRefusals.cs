using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Limits;

/// <summary>A refused admission as OpenAI answers one: 429, <c>rate_limit_exceeded</c> or <c>insufficient_quota</c>, <c>Retry-After</c>.</summary>
internal static class LimitRefusals
{
    /// <param name="context">The request.</param>
    /// <param name="refused">The refusing scope's answer.</param>
    /// <param name="providerKeys">The refusal came from the provider keys' own limits (every candidate saturated).</param>
    public static Task WriteAsync(HttpContext context, ScopeAdmission refused, bool providerKeys)
    {
        if (refused.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = RateLimitHeaders.RetryAfterSeconds(wait);
        }

        var retry = refused.RetryAfter is { } w ? $" Please try again in {RateLimitHeaders.FormatDuration(w)}." : "";
        if (refused.Refusal == LimitRefusal.Budget)
        {
            // Waiting does not refill a credit (and a monthly budget only at the month's turn): SDKs that honour this
            // (OpenAI's Python, Node, Go and Java ones) give up at once instead of retrying.
            context.Response.Headers["x-should-retry"] = "false";
            return OpenAIErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "insufficient_quota", "insufficient_quota",
                "You exceeded this key's budget: its credit or monthly limit cannot pay for this request." + retry);
        }

        var what = refused.Refusal switch
        {
            LimitRefusal.Tokens => "tokens",
            LimitRefusal.Concurrency => "concurrent requests",
            _ => "requests",
        };
        var whose = providerKeys ? "every provider key serving this model" : "this key";
        return OpenAIErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate_limit_exceeded", "rate_limit_exceeded",
            $"Rate limit reached for {what} on {whose}.{retry}");
    }
}
