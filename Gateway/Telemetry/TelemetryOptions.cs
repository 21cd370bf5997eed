namespace XaiRouter.Gateway.Telemetry;

/// <summary>Telemetry settings, configuration section <c>Telemetry</c> (and <c>Logging:Requests</c>).</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The setting that turns the per-request log line on.</summary>
    public const string RequestsLogKey = "Logging:Requests";

    /// <summary>
    /// <c>Telemetry:TenantLabels</c>: label the router's metrics with <c>xai.tenant.id</c>. Off by default: one series
    /// per tenant and model grows without bound on a shared router. Spans always carry the tenant (they are sampled).
    /// </summary>
    public bool TenantLabels { get; set; }

    /// <summary><c>Logging:Requests</c>: one Information line per <c>/v1</c> request (ids, status, timings; never content).</summary>
    public bool LogRequests { get; set; }
}
