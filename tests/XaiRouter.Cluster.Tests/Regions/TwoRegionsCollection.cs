namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>
/// The two-region tests share one <see cref="TwoRegions"/> and run alone (they time revocation to 2 s, which
/// processes of other tests started alongside on 2 cores would stretch).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TwoRegionsCollection : ICollectionFixture<TwoRegions>
{
    public const string Name = "two regions";
}
