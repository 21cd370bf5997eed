namespace XaiRouter.Grains.Tenants;

/// <inheritdoc cref="ITenantGrain"/>
internal sealed class TenantGrain(
    [PersistentState("tenant", GrainStorage.ProviderName)] IPersistentState<TenantState> state) : Grain, ITenantGrain
{
    private string TenantId => this.GetPrimaryKeyString()[GrainKeys.TenantPrefix.Length..];

    /// <inheritdoc/>
    public async Task<TenantInfo> CreateAsync(string name, DateTimeOffset createdAt)
    {
        if (!state.RecordExists)
        {
            state.State.Name = name;
            state.State.Status = TenantStatus.Active;
            state.State.CreatedAt = createdAt;
            await state.WriteStateAsync();
        }

        return ToInfo();
    }

    /// <inheritdoc/>
    public Task<TenantInfo?> GetAsync() => Task.FromResult(state.RecordExists ? ToInfo() : null);

    /// <inheritdoc/>
    public async Task<TenantInfo?> SetStatusAsync(TenantStatus status)
    {
        if (!state.RecordExists)
        {
            return null;
        }

        if (state.State.Status != status)
        {
            state.State.Status = status;
            await state.WriteStateAsync();
        }

        return ToInfo();
    }

    private TenantInfo ToInfo() => new(TenantId, state.State.Name!, state.State.Status, state.State.CreatedAt);
}
