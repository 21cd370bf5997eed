using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Tenants;

/// <summary>The operator's view of tenants: create, list, enable and disable. Metadata only.</summary>
internal sealed partial class TenantAdministration(IGrainFactory grains, TimeProvider timeProvider, ILogger<TenantAdministration> logger)
{
    private ITenantDirectoryGrain Directory => grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory);

    /// <summary>Creates a tenant with a fresh random id.</summary>
    /// <remarks>The id is registered in the directory first, so a tenant can never exist without being listed.</remarks>
    public async Task<TenantInfo> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var tenantId = RandomIds.NewTenantId();
        await Directory.RegisterAsync(tenantId).WaitAsync(cancellationToken);
        var tenant = await Tenant(tenantId).CreateAsync(name, timeProvider.GetUtcNow()).WaitAsync(cancellationToken);
        LogTenantCreated(logger, tenant.Id);
        return tenant;
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
