using System.Globalization;
using Microsoft.Net.Http.Headers;
using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// The answer to a <c>/v1</c> request while the usage ledger's backlog is at <c>Usage:MaxPendingRecords</c>: 503 in
/// OpenAI's envelope, type and code <c>usage_ledger_unavailable</c>, with <c>Retry-After</c>. Given before anything is
/// forwarded, so nothing is served that could not be billed.
/// </summary>
internal static class UsageLedgerUnavailable
{
    public const string Code = "usage_ledger_unavailable";

    private static readonly string RetryAfterSeconds = ((int)UsageReporter.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public static Task WriteAsync(HttpContext context, UsageReporter reporter)
    {
        reporter.CountRefusal();
        context.Response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds;
        return OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, Code, Code,
            "The usage ledger is unreachable and this gateway's backlog of unrecorded usage is full; retry later.");
    }
}
