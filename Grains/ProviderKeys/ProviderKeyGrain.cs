using Microsoft.Extensions.Options;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.ProviderKeys;

/// <inheritdoc cref="IProviderKeyGrain"/>
internal sealed class ProviderKeyGrain(
    [PersistentState(ControlPlaneRows.ProviderKey, GrainStorage.ProviderName)] IPersistentState<ProviderKeyState> state,
    RouterClock clock, IOptions<RegionOptions> regions) : Grain, IProviderKeyGrain
{
    private readonly ReplicaCopy<ProviderKeyState> _copy = new(state, clock, regions.Value);

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => _copy.ActivatedAsync(GrainFactory, state.State.Record?.TenantId);

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
    public Task<ProviderKeyRecord?> GetAsync() => _copy.MustRead ? GetAfterReadAsync() : Task.FromResult(state.State.Record);

    /// <inheritdoc/>
    public async Task ReloadAsync()
    {
        await _copy.ReloadAsync();
        await _copy.LearnHomeAsync(GrainFactory, state.State.Record?.TenantId);
    }

    private async Task<ProviderKeyRecord?> GetAfterReadAsync()
    {
        await _copy.ReloadAsync();
        return state.State.Record;
    }

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
