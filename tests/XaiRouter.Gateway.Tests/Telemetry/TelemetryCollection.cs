namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>Telemetry tests share one Gateway whose spans and metrics go to memory, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "telemetry";
}
