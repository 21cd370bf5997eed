using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tenants;

/// <summary>The tenant as a copy of a row another region may change (multi-region): reload, staleness bound, fence.</summary>
internal sealed partial class TenantGrain
{
    private readonly ReplicaCopy<TenantState> _copy = new(state, clock, regions.Value);

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _copy.Activated();
        await LearnHomeAsync();
    }

    /// <inheritdoc/>
    public async Task ReloadAsync()
    {
        await _copy.ReloadAsync();
        await LearnHomeAsync();
    }

    /// <inheritdoc/>
    public Task<bool> FenceAsync(long version) => _copy.FenceAsync(version, DelayDeactivation);

    /// <summary>The vault after a read of the row; a fenced tenant is answered as disabled (fail closed).</summary>
    private async Task<TenantVault?> GetVaultAfterReadAsync()
    {
        await _copy.ReloadAsync();
        return _copy.MayServe ? Vault() : Vault() is { } vault ? vault with { Status = TenantStatus.Disabled } : null;
    }

    private async Task LearnHomeAsync()
    {
        // Only with a row: the home read without one would be cached as "here" (GetHomeRegionAsync) before the row
        // is written or arrives.
        if (_copy.IsMultiRegion && state.RecordExists)
        {
            _homeRegion = null;
            _copy.Staleness.SetHome(await GetHomeRegionAsync());
        }
    }
}
