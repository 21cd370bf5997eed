namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>The home-region-lost test kills region a's processes, so it has two regions of its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HomeLostCollection : ICollectionFixture<TwoRegions>
{
    public const string Name = "two regions, home lost";
}
