namespace XaiRouter.Gateway.Limits.Regions.Tests;

/// <summary>The budget lease tests share two regions and their clock, and run one at a time (the clock is shared).</summary>
[CollectionDefinition(Name)]
public sealed class RegionPairCollection : ICollectionFixture<RegionPairFixture>
{
    public const string Name = "two regions";
}
