namespace XaiRouter.Grains.Tests;

/// <summary>Base of grain tests: the shared cluster and fresh keys.</summary>
[Collection(ClusterCollection.Name)]
public abstract class ClusterTestBase(GrainClusterFixture fixture)
{
    protected GrainClusterFixture Fixture { get; } = fixture;

    protected IGrainFactory Grains => Fixture.Grains;

    protected static string NewTenantId() => "test" + Guid.NewGuid().ToString("N");

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;
}
