namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// Telemetry tests share one Gateway whose spans go to memory, one test at a time, and run apart from every other
/// collection: activity listeners match sources by name across the process, so their tracers would make other tests'
/// Gateways create activities (which the request-cost tests count).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "telemetry";
}
