namespace XaiRouter.Grains.Tests.Usage;

/// <summary>Cache writes in the usage ledger on SQLite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CacheWriteLedgerTests(GrainClusterFixture fixture) : CacheWriteLedgerContract(fixture);
