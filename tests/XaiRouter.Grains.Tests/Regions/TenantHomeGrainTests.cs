using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using XaiRouter.Grains.Abstractions.Keys;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// The grains of a region (a test cluster with <c>Region:Name</c> set, on its own PostgreSQL database): the tenant's
/// home read from its row, writes refused outside it, and the home move.
/// </summary>
public sealed class TenantHomeGrainTests : IAsyncLifetime
{
    private readonly string _region = "r-" + Guid.NewGuid().ToString("N")[..8];

    private InProcessTestCluster _cluster = null!;

    private RegionDatabase _database = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async ValueTask InitializeAsync()
    {
        _database = await RegionDatabase.CreateAsync(TestServers.Postgres, "unused");
        var storage = new StorageDatabase(StorageDialect.Postgres, _database.ConnectionString);
        var options = new RegionOptions { Name = _region };
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddXaiRouterGrains(storage);
            silo.Services.AddSingleton(Options.Create(options));
            silo.Services.Configure<Orleans.Configuration.ClusterOptions>(cluster => cluster.ServiceId = RegionDatabase.ServiceId);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task GetHomeRegionAsync_TenantCreatedHere_IsThisRegion()
    {
        var tenant = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(NewTenantId()));
        await tenant.CreateAsync("here", DateTimeOffset.UtcNow, "root-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(_region, await tenant.GetHomeRegionAsync());
    }

    [Fact]
    public async Task Writes_TenantHomedElsewhere_AreRefusedUntilItsHomeMovesHere()
    {
        // A tenant and a key of it as the subscription applies them from region "elsewhere": copies of rows written here.
        var template = NewTenantId();
        var templateKey = "key-" + Guid.NewGuid().ToString("N");
        await Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(template)).CreateAsync("copied", DateTimeOffset.UtcNow, "root-" + template);
        Assert.True(await Grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(templateKey)).CreateAsync(NewRecord(template, templateKey)));
        var tenantId = NewTenantId();
        var keyId = "key-" + Guid.NewGuid().ToString("N");
        await _database.ExecuteAsync("""
            SET session_replication_role = replica;
            INSERT INTO xai_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_at, home_region)
            SELECT service_id, state_name, key_n0, key_n1, @tenant_key, payload, version, modified_at, 'elsewhere'
            FROM xai_grain_state WHERE key_string = @template_tenant_key;
            INSERT INTO xai_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_at, home_region)
            SELECT service_id, state_name, key_n0, key_n1, @access_key,
                   convert_to(jsonb_set(jsonb_set(convert_from(payload, 'UTF8')::jsonb, '{Record,TenantId}', to_jsonb(@tenant::text)), '{Record,KeyId}', to_jsonb(@key::text))::text, 'UTF8'),
                   version, modified_at, 'elsewhere'
            FROM xai_grain_state WHERE key_string = @template_access_key;
            """,
            ("tenant_key", GrainKeys.Tenant(tenantId)), ("template_tenant_key", GrainKeys.Tenant(template)), ("access_key", GrainKeys.AccessKey(keyId)),
            ("template_access_key", GrainKeys.AccessKey(templateKey)), ("tenant", tenantId), ("key", keyId));
        var tenant = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));
        var key = Grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId));

        Assert.Equal("elsewhere", await tenant.GetHomeRegionAsync());
        Assert.Equal(tenantId, (await key.GetAsync())!.TenantId);
        var refused = await Assert.ThrowsAsync<NotHomeRegionException>(() => tenant.SetStatusAsync(TenantStatus.Disabled));
        Assert.Equal("elsewhere", refused.HomeRegion);
        await Assert.ThrowsAsync<NotHomeRegionException>(() => key.RevokeAsync());
        Assert.Equal(TenantStatus.Active, (await tenant.GetAsync())!.Status);
        Assert.Equal(AccessKeyStatus.Active, (await key.GetAsync())!.Status);

        // The key is not in the copied index (its id is the template's root): the move finds it by its record's tenant.
        Assert.Equal(2, await tenant.MoveHomeHereAsync());

        Assert.Equal(_region, await tenant.GetHomeRegionAsync());
        Assert.Equal(TenantStatus.Disabled, (await tenant.SetStatusAsync(TenantStatus.Disabled))!.Status);
        Assert.Equal(AccessKeyStatus.Revoked, (await key.RevokeAsync())!.Status);
        Assert.Equal((_region, 2), await _database.ReadAsync(GrainKeys.Tenant(tenantId)));
    }

    private static string NewTenantId() => "test" + Guid.NewGuid().ToString("N");

    private static AccessKeyRecord NewRecord(string tenantId, string keyId) => new(
        tenantId, keyId, null, AccessKeyKind.Sub, "key", new byte[16], new byte[32], [], Manage: false, AccessKeyStatus.Active, 1, DateTimeOffset.UtcNow, null);
}
