namespace XaiRouter.Grains.Tests.Usage;

/// <summary>The usage ledger on SQLite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UsageLedgerGrainTests(GrainClusterFixture fixture) : UsageLedgerContract(fixture);
