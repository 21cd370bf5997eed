namespace XaiRouter.Grains.Tests.Usage;

/// <summary>The usage ledger's bounds on PostgreSQL: the same tests as on SQLite.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresUsageBoundsTests(PostgresGrainClusterFixture fixture) : UsageBoundsContract(fixture);
