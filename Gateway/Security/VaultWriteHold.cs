namespace XaiRouter.Gateway.Security;

/// <summary>A held vault-write lease of one tenant; disposing releases it.</summary>
internal sealed class VaultWriteHold(ITenantGrain tenant, string ownerId) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await tenant.ReleaseVaultWriteAsync(ownerId);
}
