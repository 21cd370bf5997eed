using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Tenants;

/// <summary>The operator's view of tenants: create, list, enable and disable. Metadata only.</summary>
internal sealed partial class TenantAdministration(IGrainFactory grains, KeyVault vault, TimeProvider timeProvider, ILogger<TenantAdministration> logger)
{
    private ITenantDirectoryGrain Directory => grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory);

    /// <summary>
    /// Creates a tenant with a fresh random id, its pool <c>default</c> and its root access key, which holds the only
    /// slot for the new pool key. The key is returned once and never stored.
    /// </summary>
    /// <remarks>
    /// Order: directory entry, then the root credential, then the tenant itself, so that a created tenant is
    /// always listed and always has its key.
    /// </remarks>
    public async Task<(TenantInfo Tenant, string RootKey)> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var tenantId = RandomIds.NewTenantId();
        var now = timeProvider.GetUtcNow();
        IssuedKey root;
        using (var pools = new PoolKeyRing())
        {
            pools.AddNew(ITenantGrain.DefaultPool, 1);
            root = vault.IssueAccessKey(new AccessKeyTemplate(tenantId, AccessKeyKind.Root, "root", null, Manage: true, now), pools);
        }

        await Directory.RegisterAsync(tenantId).WaitAsync(cancellationToken);
        await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(root.Record.KeyId)).CreateAsync(root.Record).WaitAsync(cancellationToken);
        var tenant = await Tenant(tenantId).CreateAsync(name, now, root.Record.KeyId).WaitAsync(cancellationToken);
        LogTenantCreated(logger, tenant.Id);
        return (tenant, root.AccessKey);
    }

    public Task<TenantInfo?> GetAsync(string tenantId) => Tenant(tenantId).GetAsync();

    /// <summary>Every created tenant, oldest first.</summary>
    public async Task<IReadOnlyList<TenantInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await Directory.ListAsync().WaitAsync(cancellationToken);
        var reads = new Task<TenantInfo?>[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            reads[i] = Tenant(ids[i]).GetAsync();
        }

        var tenants = new List<TenantInfo>(ids.Length);
        foreach (var tenant in await Task.WhenAll(reads).WaitAsync(cancellationToken))
        {
            // An id whose creation was interrupted has no tenant yet: skip it.
            if (tenant is not null)
            {
                tenants.Add(tenant);
            }
        }

        return tenants;
    }

    public async Task<TenantInfo?> SetStatusAsync(string tenantId, TenantStatus status)
    {
        var tenant = await Tenant(tenantId).SetStatusAsync(status);
        if (tenant is not null)
        {
            LogTenantStatusChanged(logger, tenant.Id, status);
        }

        return tenant;
    }

    private ITenantGrain Tenant(string tenantId) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));

    [LoggerMessage(EventId = EventIds.TenantCreated, EventName = nameof(EventIds.TenantCreated), Level = LogLevel.Information,
        Message = "Tenant {TenantId} created")]
    private static partial void LogTenantCreated(ILogger logger, string tenantId);

    [LoggerMessage(EventId = EventIds.TenantStatusChanged, EventName = nameof(EventIds.TenantStatusChanged), Level = LogLevel.Information,
        Message = "Tenant {TenantId} is now {Status}")]
    private static partial void LogTenantStatusChanged(ILogger logger, string tenantId, TenantStatus status);
}
