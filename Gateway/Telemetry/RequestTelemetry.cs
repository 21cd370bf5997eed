using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Telemetry;

/// <summary>
/// What a <c>/v1</c> request leaves behind when it ends: its metrics (<see cref="GenAiMetrics"/>) and, with
/// <c>Logging:Requests</c>, one Information line with its ids, status, attempts and timings (never its content, never
/// a secret), in place of the framework's per-request lines that carry no id.
/// </summary>
internal sealed partial class RequestTelemetry(GenAiMetrics metrics, IOptions<TelemetryOptions> options, TimeProvider timeProvider, ILogger<RequestTelemetry> logger)
{
    private readonly bool _logRequests = options.Value.LogRequests;

    /// <summary>Records the request's end; <paramref name="started"/> is when it arrived (a <see cref="TimeProvider"/> timestamp).</summary>
    public void Completed(HttpContext context, RequestLogEntry entry, long started)
    {
        var status = context.Response.StatusCode;
        var route = ClientRoute.Of(context);
        TimeSpan? firstByte = entry.FirstByteAt == 0 ? null : timeProvider.GetElapsedTime(started, entry.FirstByteAt);
        metrics.RequestEnded(route, status, entry, firstByte);
        if (_logRequests)
        {
            LogRequest(logger, RequestIds.Of(context) ?? "-", entry.TenantId ?? "-", entry.KeyId ?? "-", GenAiNames.Operation(route), TelemetryText.Model(entry.Model) is { Length: > 0 } model ? model : "-",
                entry.ProviderKey?.Id ?? "-", status, Outcome(status, entry), entry.Attempts, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
                firstByte is { } wait ? (long)wait.TotalMilliseconds : null);
        }
    }

    [LoggerMessage(EventId = EventIds.RequestCompleted, EventName = nameof(EventIds.RequestCompleted), Level = LogLevel.Information,
        Message = "Request {RequestId} tenant {TenantId} key {KeyId} {Operation} {Model} provider key {ProviderKeyId}: {Status} {Outcome} after {Attempts} attempt(s) in {LatencyMs} ms, first byte {FirstByteMs} ms")]
    private static partial void LogRequest(ILogger logger, string requestId, string tenantId, string keyId, string operation, string model, string providerKeyId,
        int status, string outcome, int attempts, long latencyMs, long? firstByteMs);

    /// <summary><c>ok</c>, or the error code the client got (the refusal's reason when the router answered itself).</summary>
    private static string Outcome(int status, RequestLogEntry entry) =>
        status < StatusCodes.Status400BadRequest ? "ok" : entry.Error ?? RefusalRecorder.DefaultError(status);
}
