namespace XaiRouter.Grains.Tests;

/// <summary>Every grain test class shares one test cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}
