namespace XaiRouter.Gateway.Hosting;

/// <summary>Metrics settings, configuration section <c>Metrics</c>.</summary>
internal sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// <c>Metrics:HttpServer</c>: ASP.NET Core's own HTTP metrics (<c>http.server.request.duration</c>, routing,
    /// Kestrel connections) on <c>/metrics</c> and over OTLP. On by default (a scrape endpoint that lacks request
    /// rates and latencies surprises an operator); <c>false</c> saves every request about 8 us of CPU (a histogram
    /// update and an error-type middleware). The router's own, Orleans' and the runtime's metrics are always on.
    /// </summary>
    public bool HttpServer { get; set; } = true;
}
