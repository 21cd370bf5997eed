namespace XaiRouter.Grains.Tests.Usage;

/// <summary>The usage ledger's bounds on SQLite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UsageBoundsTests(GrainClusterFixture fixture) : UsageBoundsContract(fixture);
