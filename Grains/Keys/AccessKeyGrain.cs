using Microsoft.Extensions.Options;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Keys;

/// <inheritdoc cref="IAccessKeyGrain"/>
internal sealed class AccessKeyGrain(
    [PersistentState(ControlPlaneRows.AccessKey, GrainStorage.ProviderName)] IPersistentState<AccessKeyState> state,
    RouterClock clock, IOptions<RegionOptions> regions) : Grain, IAccessKeyGrain
{
    private readonly ReplicaCopy<AccessKeyState> _copy = new(state, clock, regions.Value);

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => _copy.ActivatedAsync(GrainFactory, state.State.Record?.TenantId);

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(AccessKeyRecord record)
    {
        if (state.State.Record is not null)
        {
            return false;
        }

        if (GrainKeys.AccessKey(record.KeyId) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The record's key id does not match this grain.", nameof(record));
        }

        await SaveAsync(record);
        return true;
    }

    /// <inheritdoc/>
    public Task<AccessKeyRecord?> GetAsync() => _copy.MustRead ? GetAfterReadAsync() : Task.FromResult(Current());

    /// <inheritdoc/>
    public async Task ReloadAsync()
    {
        await _copy.ReloadAsync();
        await _copy.LearnHomeAsync(GrainFactory, state.State.Record?.TenantId);
    }

    /// <inheritdoc/>
    public Task<bool> FenceAsync(long version) => _copy.FenceAsync(version, DelayDeactivation);

    private async Task<AccessKeyRecord?> GetAfterReadAsync()
    {
        await _copy.ReloadAsync();
        return Current();
    }

    /// <summary>The record as authentication may see it: none while fenced.</summary>
    private AccessKeyRecord? Current()
    {
        if (!_copy.MayServe)
        {
            return null;
        }

        // Every key id a caller invents reaches here once (verify-first authentication, negative cache aside); without
        // a record there is nothing to keep, so the activation goes now instead of lingering until idle collection.
        if (state.State.Record is null)
        {
            DeactivateOnIdle();
        }

        return state.State.Record;
    }

    /// <inheritdoc/>
    public Task<AccessKeyInfo?> GetInfoAsync() =>
        Task.FromResult(state.State.Record is { } record ? AccessKeyInfo.From(record) : null);

    /// <inheritdoc/>
    public async Task<AccessKeyRecord?> ReplaceSlotsAsync(int expectedVersion, ImmutableArray<Keyslot> slots)
    {
        if (state.State.Record is not { Status: AccessKeyStatus.Active } record || record.Version != expectedVersion)
        {
            return null;
        }

        var updated = record with { Slots = slots, Version = record.Version + 1 };
        await SaveAsync(updated);
        return updated;
    }

    /// <inheritdoc/>
    public async Task<AccessKeyRecord?> UpdateAsync(int expectedVersion, AccessKeyRecord record)
    {
        if (state.State.Record is not { Status: AccessKeyStatus.Active } current || current.Version != expectedVersion)
        {
            return null;
        }

        if (record.KeyId != current.KeyId || record.TenantId != current.TenantId)
        {
            throw new ArgumentException("A key's id and tenant never change.", nameof(record));
        }

        var updated = record with { Version = expectedVersion + 1 };
        await SaveAsync(updated);
        return updated;
    }

    /// <inheritdoc/>
    public async Task<AccessKeyRecord?> RevokeAsync()
    {
        if (state.State.Record is not { } record)
        {
            return null;
        }

        if (record.Status == AccessKeyStatus.Revoked)
        {
            return record;
        }

        // The verifier and slots are deleted, not just flagged: a revoked record opens nothing, even from a backup taken later.
        var revoked = record with { Status = AccessKeyStatus.Revoked, Verifier = [], Slots = [], Version = record.Version + 1 };
        await SaveAsync(revoked);
        return revoked;
    }

    /// <exception cref="NotHomeRegionException">The key's tenant is homed in another region (nothing is written).</exception>
    private async Task SaveAsync(AccessKeyRecord record)
    {
        await HomeRegionGuard.EnsureHomeAsync(GrainFactory, regions.Value, record.TenantId);
        var previous = state.State.Record;
        state.State.Record = record;
        await state.WriteOrUndoAsync(() => state.State.Record = previous);
    }
}
