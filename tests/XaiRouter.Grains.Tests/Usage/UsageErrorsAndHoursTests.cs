namespace XaiRouter.Grains.Tests.Usage;

/// <summary>Errors and hourly totals on SQLite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UsageErrorsAndHoursTests(GrainClusterFixture fixture) : UsageErrorsAndHoursContract(fixture);
