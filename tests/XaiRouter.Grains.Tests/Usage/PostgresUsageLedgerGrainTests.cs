namespace XaiRouter.Grains.Tests.Usage;

/// <summary>The usage ledger on PostgreSQL: the same tests as on SQLite.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresUsageLedgerGrainTests(PostgresGrainClusterFixture fixture) : UsageLedgerContract(fixture);
