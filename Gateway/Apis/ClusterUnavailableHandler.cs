using Microsoft.AspNetCore.Diagnostics;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// A grain call that failed because part of the cluster is down or moving (a silo just died, its grains are being
/// placed elsewhere, the database does not answer) is a passing outage, not a bug: 503 with <c>Retry-After</c>, in
/// the envelope the client expects, instead of a 500. Nothing was changed, so the client can simply retry.
/// </summary>
internal sealed partial class ClusterUnavailableHandler(ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    private const string Message = "The router is briefly unavailable while its cluster recovers; please retry.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsPassingOutage(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, TypeChain(exception));
        httpContext.Response.Clear();
        httpContext.Response.Headers.RetryAfter = "1";
        var path = httpContext.Request.Path;
        if (path.StartsWithSegments("/v1/messages"))
        {
            await AnthropicErrors.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "overloaded_error", Message);
        }
        else if (path.StartsWithSegments("/v1"))
        {
            await OpenAIErrors.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "api_error", "service_unavailable", Message);
        }
        else
        {
            await TypedResults.Problem(Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable").ExecuteAsync(httpContext);
        }

        return true;
    }

    /// <summary>The exception's type and its inner exceptions' (<c>A &lt;- B</c>): which part failed, without messages that could carry data.</summary>
    private static string TypeChain(Exception exception)
    {
        var chain = exception.GetType().Name;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            chain += " <- " + inner.GetType().Name;
        }

        return chain;
    }

    private static bool IsPassingOutage(Exception exception) =>
        exception is OrleansException or TimeoutException or System.Data.Common.DbException or System.Net.Sockets.SocketException
        || (exception.InnerException is { } inner && IsPassingOutage(inner));

    [LoggerMessage(EventId = EventIds.ClusterUnavailable, EventName = nameof(EventIds.ClusterUnavailable), Level = LogLevel.Warning,
        Message = "A request met a passing cluster outage ({Exception}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, string exception);
}
