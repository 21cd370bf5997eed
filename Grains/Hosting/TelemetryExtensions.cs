using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace XaiRouter.Grains.Hosting;

/// <summary>OpenTelemetry wiring shared by the Gateway and the Silo.</summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' meter.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Every Orleans activity source (runtime, application grain calls, storage, lifecycle).</summary>
    public const string OrleansActivitySources = "Microsoft.Orleans.*";

    /// <summary>
    /// Adds OpenTelemetry with the Orleans meter and activity sources. Traces and metrics are exported over OTLP
    /// only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; nothing is sent anywhere by default.
    /// </summary>
    public static OpenTelemetryBuilder AddXaiRouterTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(OrleansMeter))
            .WithTracing(tracing => tracing.AddSource(OrleansActivitySources));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return telemetry;
    }
}
