using Microsoft.Extensions.Options;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.ProviderKeys;

/// <inheritdoc cref="IProviderKeyGrain"/>
internal sealed class ProviderKeyGrain(
    [PersistentState(ControlPlaneRows.ProviderKey, GrainStorage.ProviderName)] IPersistentState<ProviderKeyState> state,
    IOptions<RegionOptions> regions) : Grain, IProviderKeyGrain
{
    /// <inheritdoc/>
    public async Task SaveAsync(ProviderKeyRecord record)
    {
        if (GrainKeys.ProviderKey(record.TenantId, record.Id) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The record's tenant and id do not match this grain.", nameof(record));
        }

        await HomeRegionGuard.EnsureHomeAsync(GrainFactory, regions.Value, record.TenantId);
        var previous = state.State.Record;
        state.State.Record = record;
        await state.WriteOrUndoAsync(() => state.State.Record = previous);
    }

    /// <inheritdoc/>
    public Task<ProviderKeyRecord?> GetAsync() => Task.FromResult(state.State.Record);

    /// <inheritdoc/>
    public Task<ProviderKeyInfo?> GetInfoAsync() =>
        Task.FromResult(state.State.Record is { } record ? ProviderKeyInfo.From(record) : null);

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync()
    {
        if (state.State.Record is not { } record)
        {
            return false;
        }

        await HomeRegionGuard.EnsureHomeAsync(GrainFactory, regions.Value, record.TenantId);
        await state.ClearStateAsync();
        return true;
    }
}
