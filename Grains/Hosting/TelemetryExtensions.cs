using Microsoft.Extensions.Configuration;
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

    /// <summary>The standard sampler setting; <c>always_off</c> turns tracing off even with an exporter.</summary>
    public const string SamplerKey = "OTEL_TRACES_SAMPLER";

    /// <summary>
    /// Whether anything would receive traces: an OTLP endpoint is configured and the sampler is not <c>always_off</c>.
    /// Otherwise no tracer is registered, so no request or grain call creates an <see cref="System.Diagnostics.Activity"/>
    /// (measured: tracing nobody exported cost every request tens of microseconds). With an exporter, the standard
    /// <c>OTEL_TRACES_SAMPLER</c>/<c>OTEL_TRACES_SAMPLER_ARG</c> decide which traces are kept, as the SDK reads them.
    /// </summary>
    public static bool IsTracingOn(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpProtocolCheck.EndpointKey])
        && !string.Equals(configuration[SamplerKey]?.Trim(), "always_off", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds OpenTelemetry with the Orleans meter and activity sources. Traces and metrics are exported over OTLP
    /// only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; nothing is sent anywhere by default. With
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> unset, port 4318 selects http/protobuf (<see cref="OtlpProtocolCheck"/>).
    /// Tracing is registered only when <see cref="IsTracingOn"/>.
    /// </summary>
    public static OpenTelemetryBuilder AddXaiRouterTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(OrleansMeter));
        if (IsTracingOn(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing.AddSource(OrleansActivitySources));
        }

        var endpoint = builder.Configuration[OtlpProtocolCheck.EndpointKey];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            var protocol = builder.Configuration[OtlpProtocolCheck.ProtocolKey];
            var picked = string.IsNullOrWhiteSpace(protocol) ? OtlpProtocolCheck.PickWhenUnset(endpoint) : null;
            if (picked is not null)
            {
                // The exporter reads its protocol from configuration: a source of our own, only where none was given.
                builder.Configuration.AddInMemoryCollection([new(OtlpProtocolCheck.ProtocolKey, picked)]);
            }

            var effective = picked ?? (string.IsNullOrWhiteSpace(protocol) ? OtlpProtocolCheck.Grpc : protocol);
            builder.Services.AddHostedService(services => new TelemetryExportReport(endpoint, effective, picked is not null,
                services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TelemetryExportReport>>()));
            telemetry.UseOtlpExporter();
        }

        return telemetry;
    }
}
