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

    [Fact]
    public async Task FindByNameAsync_IgnoresCase_ListsEveryTenantOfTheName_AndSurvivesDeactivation()
    {
        var sut = Grains.GetGrain<ITenantDirectoryGrain>("dir:test-" + Guid.NewGuid().ToString("N"));
        await sut.RegisterAsync("id-1", "Acme");
        await sut.RegisterAsync("id-2", "Globex");
        await sut.RegisterAsync("id-3", "ACME");

        await Fixture.Cluster.DeactivateAsync(sut);

        Assert.Equal(["id-1", "id-3"], await sut.FindByNameAsync("acme"));
        Assert.Equal(["id-2"], await sut.FindByNameAsync(" Globex "));
        Assert.Empty(await sut.FindByNameAsync("Initech"));
        Assert.Equal(["id-1", "id-2", "id-3"], await sut.ListAsync());
    }

    [Fact]
    public async Task FindByNameAsync_TenantsRegisteredWithoutName_AreLookedUpOnce()
    {
        var tenantId = "dirname" + Guid.NewGuid().ToString("N")[..8];
        var name = "Old Tenant " + tenantId;
        await Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId))
            .CreateUnclaimedAsync(name, DateTimeOffset.UtcNow, new byte[32], DateTimeOffset.UtcNow.AddHours(1));
        var sut = Grains.GetGrain<ITenantDirectoryGrain>("dir:test-" + Guid.NewGuid().ToString("N"));
        await sut.RegisterAsync(tenantId);
        await sut.RegisterAsync("not-created-yet");

        var found = await sut.FindByNameAsync(name);
        await Fixture.Cluster.DeactivateAsync(sut);

        Assert.Equal([tenantId], found);
        Assert.Equal([tenantId], await sut.FindByNameAsync(name.ToUpperInvariant()));
    }
}
