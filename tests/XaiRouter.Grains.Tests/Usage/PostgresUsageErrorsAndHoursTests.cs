namespace XaiRouter.Grains.Tests.Usage;

/// <summary>Errors and hourly totals on PostgreSQL: the same tests as on SQLite.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresUsageErrorsAndHoursTests(PostgresGrainClusterFixture fixture) : UsageErrorsAndHoursContract(fixture);
