namespace XaiRouter.Grains.Tests.Tenants;

public sealed class TenantDirectoryGrainTests(GrainClusterFixture fixture) : ClusterTestBase(fixture)
{
    [Fact]
    public async Task RegisterAsync_SameIdTwice_ListsItOnceInOrder()
    {
        var sut = Grains.GetGrain<ITenantDirectoryGrain>("dir:test-" + Guid.NewGuid().ToString("N"));

        await sut.RegisterAsync("b");
        await sut.RegisterAsync("a");
        await sut.RegisterAsync("b");

        Assert.Equal(["b", "a"], await sut.ListAsync());
    }

    [Fact]
    public async Task ListAsync_AfterDeactivation_ReadsStoredIds()
    {
        var sut = Grains.GetGrain<ITenantDirectoryGrain>("dir:test-" + Guid.NewGuid().ToString("N"));
        await sut.RegisterAsync("x");

        await Fixture.Cluster.DeactivateAsync(sut);
        await sut.RegisterAsync("x");
        await sut.RegisterAsync("y");

        Assert.Equal(["x", "y"], await sut.ListAsync());
    }
}
