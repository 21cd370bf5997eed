using XaiRouter.Gateway.Forwarding;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Middleware on <c>/v1</c>: a request the router answered itself with an error (401 for a key whose id names a
/// tenant, 403, 404, 429, and any other 4xx/5xx of its own) goes to its tenant's request log (<c>/x/requests</c>)
/// beside the served requests, with the error code it got. Served requests are settled by the pipeline and skipped
/// here. Refusals reach the ledger in batches, once a second (<see cref="RefusalQueue"/>). A request whose tenant is unknown (no key, malformed key, unknown id, or a key refused by the failure
/// throttle) is logged nowhere, so nobody can write into a tenant's log without one of its key ids, and a throttled
/// address cannot at all.
/// </summary>
internal sealed class RefusalRecorder(RefusalQueue refusals, Telemetry.RequestTelemetry telemetry, TimeProvider timeProvider)
{
    public Task RecordAsync(HttpContext context, RequestDelegate next) =>
        IsV1(context.Request) ? RecordV1Async(context, next) : next(context);

    /// <summary>Whether the request is on <c>/v1</c>, the surface whose refusals are logged: in any case, as routing matches it.</summary>
    public static bool IsV1(HttpRequest request) => request.Path.StartsWithSegments("/v1");

    /// <summary>Runs a <c>/v1</c> request and logs it if the router refused it (see <see cref="Hosting.RequestEntry"/>).</summary>
    public async Task RecordV1Async(HttpContext context, RequestDelegate next)
    {
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        var entry = RequestLogEntry.Begin(context);
        await next(context);
        telemetry.Completed(context, entry, started);

        var status = context.Response.StatusCode;
        if (status < StatusCodes.Status400BadRequest || entry.Settled || entry.TenantId is not { } tenantId || RequestIds.Of(context) is not { } requestId)
        {
            return;
        }

        refusals.Enqueue(new UsageRecord(requestId, tenantId, entry.KeyId!, Cut(entry.Model), ProviderKeyId: "", startedAt, status, 0, 0, 0, 0, Estimated: false, 0m,
            (long)timeProvider.GetElapsedTime(started).TotalMilliseconds, Error: entry.Error ?? DefaultError(status)));
    }

    /// <summary>
    /// A refused request's model is the caller's own text, of any length up to the body limit: stored whole, every
    /// refused request could write a row that large into the tenant's log. Cut to the longest a <c>model</c> filter
    /// takes (<see cref="RequestLogFilter.MaxModelLength"/>), which is longer than any real model name.
    /// </summary>
    public static string Cut(string? model) =>
        model is null ? "" : model.Length <= RequestLogFilter.MaxModelLength ? model : model[..RequestLogFilter.MaxModelLength];

    /// <summary>For an answer written without one of the router's error helpers (for example by the exception handler).</summary>
    public static string DefaultError(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "invalid_api_key",
        StatusCodes.Status403Forbidden => "permission_denied",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status429TooManyRequests => "rate_limit_exceeded",
        < 500 => "invalid_request_error",
        _ => "api_error",
    };
}
