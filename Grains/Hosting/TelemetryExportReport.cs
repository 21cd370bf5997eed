using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Grains.Hosting;

/// <summary>Says at start where OpenTelemetry exports go and over which protocol, and warns when the two disagree.</summary>
internal sealed partial class TelemetryExportReport(string endpoint, string protocol, bool pickedFromPort, ILogger<TelemetryExportReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (OtlpProtocolCheck.Mismatch(endpoint, protocol) is { } mismatch)
        {
            LogMismatch(logger, mismatch);
        }
        else
        {
            LogExporting(logger, OtlpProtocolCheck.Redacted(endpoint), protocol, pickedFromPort ? $" (picked from the port; {OtlpProtocolCheck.ProtocolKey} is unset)" : "");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.OtlpExporting, EventName = nameof(EventIds.OtlpExporting), Level = LogLevel.Information,
        Message = "OpenTelemetry exports traces and metrics over OTLP to {Endpoint} with {Protocol}{Reason}")]
    private static partial void LogExporting(ILogger logger, string endpoint, string protocol, string reason);

    [LoggerMessage(EventId = EventIds.OtlpProtocolMismatch, EventName = nameof(EventIds.OtlpProtocolMismatch), Level = LogLevel.Warning, Message = "{Mismatch}")]
    private static partial void LogMismatch(ILogger logger, string mismatch);
}
