namespace XaiRouter.Grains.Tenants;

/// <inheritdoc cref="ITenantDirectoryGrain"/>
internal sealed class TenantDirectoryGrain(
    [PersistentState("tenantDirectory", GrainStorage.ProviderName)] IPersistentState<TenantDirectoryState> state)
    : Grain, ITenantDirectoryGrain
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _known.UnionWith(state.State.TenantIds);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task RegisterAsync(string tenantId)
    {
        if (!_known.Add(tenantId))
        {
            return;
        }

        state.State.TenantIds.Add(tenantId);
        await state.WriteOrUndoAsync(() =>
        {
            state.State.TenantIds.RemoveAt(state.State.TenantIds.Count - 1);
            _known.Remove(tenantId);
        });
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult(state.State.TenantIds.ToImmutableArray());
}
