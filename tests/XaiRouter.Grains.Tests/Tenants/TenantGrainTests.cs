namespace XaiRouter.Grains.Tests.Tenants;

public sealed class TenantGrainTests(GrainClusterFixture fixture) : ClusterTestBase(fixture)
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CreateAsync_NewTenant_IsActiveAndReadable()
    {
        var id = NewTenantId();
        var sut = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(id));

        var created = await sut.CreateAsync("Acme", CreatedAt, "rootKeyId");

        Assert.Equal(new TenantInfo(id, "Acme", TenantStatus.Active, CreatedAt), created);
        Assert.Equal(created, await sut.GetAsync());
    }

    [Fact]
    public async Task CreateAsync_Twice_KeepsTheFirst()
    {
        var sut = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(NewTenantId()));
        var first = await sut.CreateAsync("First", CreatedAt, "rootKeyId");

        var second = await sut.CreateAsync("Second", CreatedAt.AddDays(1), "otherKeyId");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GetAsync_NeverCreated_ReturnsNull()
    {
        var sut = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(NewTenantId()));

        Assert.Null(await sut.GetAsync());
        Assert.Null(await sut.SetStatusAsync(TenantStatus.Disabled));
    }

    [Fact]
    public async Task SetStatusAsync_DisableThenEnable_ChangesStatus()
    {
        var sut = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(NewTenantId()));
        await sut.CreateAsync("Acme", CreatedAt, "rootKeyId");

        var disabled = await sut.SetStatusAsync(TenantStatus.Disabled);
        var enabled = await sut.SetStatusAsync(TenantStatus.Active);

        Assert.Equal(TenantStatus.Disabled, disabled!.Status);
        Assert.Equal(TenantStatus.Active, enabled!.Status);
    }

    [Fact]
    public async Task SetStatusAsync_AfterDeactivation_StatusWasStored()
    {
        var sut = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(NewTenantId()));
        await sut.CreateAsync("Acme", CreatedAt, "rootKeyId");
        await sut.SetStatusAsync(TenantStatus.Disabled);

        await Fixture.Cluster.DeactivateAsync(sut);

        var reloaded = await sut.GetAsync();
        Assert.Equal(TenantStatus.Disabled, reloaded!.Status);
        Assert.Equal("Acme", reloaded.Name);
    }
}
