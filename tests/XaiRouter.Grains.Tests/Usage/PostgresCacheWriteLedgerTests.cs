namespace XaiRouter.Grains.Tests.Usage;

/// <summary>Cache writes in the usage ledger on PostgreSQL: the same tests as on SQLite.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresCacheWriteLedgerTests(PostgresGrainClusterFixture fixture) : CacheWriteLedgerContract(fixture);
