using System.Globalization;
using System.Text;

namespace XaiRouter.Gateway.Limits;

/// <summary>
/// OpenAI's rate-limit headers for the tightest window of any scope that admitted (or refused) the request, and
/// <c>x-budget-warning</c> over a soft budget. Set when the response starts, so they replace an upstream's own.
/// </summary>
internal static class RateLimitHeaders
{
    public const string BudgetWarning = "x-budget-warning";

    public static void Apply(HttpResponse response, RequestAdmission admission) => response.OnStarting(static state =>
    {
        var (response, admission) = ((HttpResponse, RequestAdmission))state;
        Set(response.Headers, "requests", admission.RequestWindow);
        Set(response.Headers, "tokens", admission.TokenWindow);
        if (admission.BudgetWarning)
        {
            response.Headers[BudgetWarning] = "monthly budget exceeded";
        }

        return Task.CompletedTask;
    }, (response, admission));

    private static void Set(IHeaderDictionary headers, string unit, WindowSnapshot? window)
    {
        if (window is null)
        {
            return;
        }

        headers["x-ratelimit-limit-" + unit] = window.Limit.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining-" + unit] = window.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset-" + unit] = FormatDuration(window.Reset);
    }

    /// <summary>OpenAI's duration format: <c>20ms</c>, <c>1s</c>, <c>2.5s</c>, <c>6m0s</c>, <c>1h2m3s</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return ((long)Math.Ceiling(Math.Max(0, duration.TotalMilliseconds))).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var text = new StringBuilder();
        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || duration.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        var seconds = Math.Round(duration.Seconds + (duration.Milliseconds / 1000.0), 3);
        return text.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s').ToString();
    }

    /// <summary>Whole seconds for <c>Retry-After</c>, at least 1.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
