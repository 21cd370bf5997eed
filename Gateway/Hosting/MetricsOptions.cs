namespace XaiRouter.Gateway.Hosting;

/// <summary>Metrics settings, configuration section <c>Metrics</c>.</summary>
internal sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// <c>Metrics:HttpServer</c>: ASP.NET Core's own HTTP metrics (<c>http.server.request.duration</c>, routing,
    /// Kestrel connections) on <c>/metrics</c> and over OTLP. Unset: on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
    /// otherwise off. Off by default because they cost every request CPU (measured about 8 us: a histogram update
    /// and an error-type middleware), scraped or not; the router's own, Orleans' and the runtime's metrics stay on.
    /// </summary>
    public bool? HttpServer { get; set; }

    /// <summary>Whether the ASP.NET Core HTTP metrics are recorded.</summary>
    public static bool IsHttpServerOn(MetricsOptions options, IConfiguration configuration) =>
        options.HttpServer ?? !string.IsNullOrWhiteSpace(configuration[OtlpProtocolCheck.EndpointKey]);
}
